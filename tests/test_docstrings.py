"""Every view and every API resource says in a line what it does, so a new one cannot skip it."""
import inspect

from flask.views import MethodView

from tests.helpers import settings_for_tests
from website import create_app


def _own_views() -> dict:
    """Map each endpoint the app itself defines (not Flask's or an extension's) to its view
    function or MethodView class."""
    app = create_app(settings_for_tests("sqlite://"))
    views = {}
    for endpoint, view in app.view_functions.items():
        target = getattr(view, "view_class", None) or inspect.unwrap(view)
        if target.__module__.startswith("website."):
            views[endpoint] = target
    return views


def _undocumented(target) -> list:
    """Return the view, or the MethodView class and its HTTP methods, that have no docstring."""
    parts = [target]
    if isinstance(target, type) and issubclass(target, MethodView):
        parts += [getattr(target, method.lower()) for method in sorted(target.methods)]
    return [part for part in parts if not (part.__doc__ or "").strip()]


def test_every_view_function_and_api_class_has_a_docstring():
    views = _own_views()
    missing = [f"{endpoint}: {part.__module__}.{part.__qualname__}"
               for endpoint, target in sorted(views.items()) for part in _undocumented(target)]
    assert len(views) > 100  # the walk found the app's views, not just a few
    assert missing == [], "add a one-line docstring to:\n" + "\n".join(missing)
