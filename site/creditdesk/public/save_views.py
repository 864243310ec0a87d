"""收藏: save and unsave an article (a form, or fetch() from site.js), and /saved."""

from flask import (
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from ..extensions import limiter
from ..library import published
from . import saves
from .blueprint import bp
from .counters import view_counts

NEXT_PAGES = ("article", "saved")


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.post("/articles/<slug>/save")
@limiter.limit(lambda: current_app.config["SAVES_RATELIMIT_IP"])
def save_article(slug: str):
    """Save (action=save) or unsave (action=unsave) an article; PRG back, or JSON."""
    item = published().article(slug)
    if item is None:
        abort(404)
    action = request.form.get("action", "")
    next_page = request.form.get("next", "article")
    if action not in ("save", "unsave") or next_page not in NEXT_PAGES:
        return _problem(item, _("This request was not understood. Please use the button on the "
                                "article page."), 400)
    reader = saves.reader_id()
    if reader is None:
        if saves.is_bot(request):
            return _problem(item, _("Saves by automated agents are not counted."), 403)
        response = _problem(item, _("Saving needs a cookie that identifies this browser. "
                                    "Please allow cookies for this site and try again."), 400)
        return saves.give_reader_cookie(response)
    try:
        if action == "save":
            saves.save(reader, slug)
        else:
            saves.unsave(reader, slug)
    except saves.SaveLimitReached:
        return _problem(item, _("You have saved %(max)d articles, the most we keep. Remove some "
                                "in My saved articles, then save this one.",
                                max=saves.MAX_SAVES), 409)
    if _wants_json():
        saved = slug in saves.saved_slugs(reader, [slug])
        count = saves.save_counts([slug])[slug]
        return jsonify(saved=saved, count=count, count_text=saves.count_text(count),
                       action="unsave" if saved else "save",
                       message=_("Saved") if saved else _("Removed from your saved articles"))
    if next_page == "saved":
        return redirect(url_for("public.saved"), 303)
    return redirect(url_for("public.article", slug=slug, _anchor="save"), 303)


def _problem(item, message: str, status: int):
    if _wants_json():
        response = jsonify(error=message)
    else:
        response = make_response(
            render_template("public/save_problem.html", article=item, message=message))
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/saved")
def saved():
    """我的收藏: this reader's saved articles, newest saved first."""
    reader = saves.reader_id()
    view = published()
    items = []
    for entry in saves.saved_items(reader):
        items.append((entry, view.article(entry.slug)))
    slugs = [entry.slug for entry, _a in items]
    counts = view_counts(slugs)
    response = make_response(render_template(
        "public/saved.html", items=items, views=counts, save_counts=saves.save_counts(slugs),
        has_reader=reader is not None, max_saves=saves.MAX_SAVES))
    saves.give_reader_cookie(response)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
