"""/api/v1/templates with a token: the designs the gallery offers."""
from website.services import designs as catalogue


def test_the_list_has_every_design_on_offer(api):
    response = api.get("/api/v1/templates")
    assert response.status_code == 200
    designs = response.get_json()
    assert [d["slug"] for d in designs] == ["modern", "classic", "professional", "minimal",
                                            "executive", "sidebar", "timeline", "academic"]
    classic = designs[1]
    assert (classic["name"], classic["category"]) == ("Classic", "Traditional")
    assert classic["description"].startswith("A centred name over serif type")
    assert classic["look"] == {"accent": "#1f3a5f", "font": "source-serif-4", "font_size": 10,
                               "page_size": "A4", "margin_mm": 16}
    assert classic["thumbnail_url"] == "http://localhost/templates/classic/thumbnail.png"
    assert api.get(classic["url"]).get_json() == classic


def test_a_retired_or_unknown_design_is_not_found(app, api):
    with app.app_context():
        catalogue.set_active("minimal", False)
    assert "minimal" not in [d["slug"] for d in api.get("/api/v1/templates").get_json()]
    for slug in ("minimal", "no-such-design"):
        response = api.get(f"/api/v1/templates/{slug}")
        assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_the_designs_need_a_token(client):
    assert client.get("/api/v1/templates").status_code == 401
