"""Search view: a thin wrapper around `website.services.search`."""
from flask import Blueprint, render_template, request
from flask_login import login_required

from website.auth import logged_in_user
from website.routing import requested_page
from website.search.forms import SearchForm
from website.services import designs, search

bp = Blueprint("search", __name__, url_prefix="/resume")


@bp.get("/search")
@login_required
def index():
    """Find the user's resumes by any word in them, with filters, sort and pages."""
    form = SearchForm.for_catalogue(request.args, designs.names())
    valid = form.validate()
    query = search.parse(form.q.data or "", form.template.data if valid else "",
                         form.updated_since.data if valid else None, form.sort.data)
    results = None
    if query.terms and valid:
        results = search.search(logged_in_user(), query,
                                requested_page(request.args))
    form.q.data = query.text  # the field and the page links show what was searched for
    args = {key: value for key, value in request.args.items() if key != "page"}
    args["q"] = query.text
    return render_template("search/index.html", form=form, query=query, results=results,
                           page_args=args, design_names=designs.names()), \
        200 if valid else 422
