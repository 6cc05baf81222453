"""Resume documents several test modules build their resumes from."""


THREE_JOBS = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com",
               "location": {"city": "Berlin"}},
    "work": [
        {"position": "Staff Engineer", "name": "Acme Corp", "startDate": "2021-03",
         "highlights": ["Led the move to Kubernetes", "Cut costs by 30%"]},
        {"position": "Engineer", "name": "Globex", "startDate": "2017", "endDate": "2021-02",
         "summary": "Payments backend."},
        {"position": "Intern", "name": "Initech", "startDate": "2016-06", "endDate": "2016-09"},
    ],
    "education": [{"institution": "TU Berlin", "studyType": "BSc"}],
    "skills": [{"name": "Python", "keywords": ["Flask", "SQLAlchemy"]}],
}


ONE_JOB = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com",
               "summary": "I build dependable web services.",
               "location": {"city": "Berlin", "countryCode": "DE"},
               "profiles": [{"network": "GitHub", "username": "janedoe"}]},
    "work": [{"position": "Engineer", "name": "Acme", "location": "Remote", "startDate": "2020-01",
              "highlights": ["Cut page load time by half", "Led the move to PostgreSQL"]}],
    "education": [{"institution": "TU Berlin", "studyType": "BSc", "startDate": "2014",
                   "endDate": "2018"}],
    "skills": [{"name": "Python", "keywords": ["Flask", "SQLAlchemy"]}],
}


MASTER = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com",
               "summary": "I build dependable web services."},
    "work": [{"position": "Engineer", "name": "Acme", "startDate": "2020-01",
              "highlights": ["Cut page load time by half", "Led the move to PostgreSQL"]}],
    "skills": [{"name": "Python"}, {"name": "Go"}, {"name": "SQL"}],
}


JOB_SEARCH_RESUME = {"basics": {"name": "Jane Doe", "label": "Backend Engineer"},
           "skills": [{"name": "Python"}]}
