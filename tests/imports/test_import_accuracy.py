"""A resume downloaded in any of our designs comes back when imported from its text alone (the
PDF without its JSON attachment, and the Word file): at least 90% of the fields produced are
right and at least 90% of the fields it holds arrive (bench/import_accuracy.py measures the
full corpus and explains the comparison)."""
from bench import import_accuracy, import_corpus
from website.extensions import db
from website.models import User


def test_our_designs_are_read_back_from_their_text(app, user, tmp_path):
    with app.test_request_context():
        owner = db.session.get(User, user.id)
        manifest = import_corpus.build(tmp_path, owner, samples=["engineer"], others=False)
        groups = import_accuracy.measure(tmp_path, manifest)

    assert len(manifest) == 2 * len(import_corpus.DESIGNS)
    for key in import_accuracy.HELD:
        overall = groups[key].overall()
        table = "\n".join(import_accuracy.table_lines({key: groups[key]})[0])
        assert not groups[key].rejected, table
        assert overall.precision >= import_accuracy.TARGET, table
        assert overall.recall >= import_accuracy.TARGET, table
