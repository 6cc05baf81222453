"""The pool of apps the tests share: a test never sees what an earlier one changed."""
from website.services import outbox


def test_a_pooled_app_comes_back_with_the_settings_it_was_made_with(database_url, schema,
                                                                     app_pool):
    app = app_pool.take(database_url)
    app.config.update(PUBLIC_BASE_URL="http://elsewhere.example", RENDER_AHEAD=True)
    assert app_pool.give_back(database_url, app)

    again = app_pool.take(database_url)
    assert again is app
    assert (again.config["PUBLIC_BASE_URL"], again.config["RENDER_AHEAD"]) == (
        "http://localhost", False)
    assert again.test_client().get("/healthz").status_code == 200


def test_an_app_whose_sender_thread_ran_is_not_used_again(database_url, schema, app_pool):
    app = app_pool.take(database_url)
    app.extensions["outbox"].sender.start_thread()
    try:
        assert not app_pool.give_back(database_url, app)
    finally:
        outbox.stop(app)
    assert app_pool.take(database_url) is not app


def test_an_app_made_after_it_retires_the_pooled_one(database_url, schema, app_pool):
    app = app_pool.take(database_url)
    assert app_pool.give_back(database_url, app)
    app_pool.take("sqlite://")  # another app: the extensions now hold its settings
    assert app_pool.take(database_url) is not app
