def test_signup_then_account(client):
    r = client.submit("/signup", {"name": "Jane", "email": "Jane@Example.com", "password": "correct horse battery", "confirm": "correct horse battery"})
    assert r.status_code == 302, r.get_data(as_text=True)[-2000:]
    r = client.get("/account")
    assert "jane@example.com" in r.get_data(as_text=True)
