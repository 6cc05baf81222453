"""How the tests are laid out: a test module never imports another test module or a conftest.

What tests share lives in tests/helpers.py, tests/factories.py, the sample modules and, for
fixtures, the conftest files pytest finds by itself.
"""
import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, wherever in the file the import stands."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            # `from tests import test_editor` imports a module by its last name.
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def is_test_module(module: str) -> bool:
    """Whether `module` names a test module or a conftest of this suite."""
    parts = module.split(".")
    return parts[0] == "tests" and (parts[-1].startswith("test_") or parts[-1] == "conftest")


def test_no_test_module_imports_another_test_module_or_a_conftest():
    offenders = sorted(f"{path.relative_to(TESTS.parent)} imports {module}"
                       for path in TESTS.rglob("*.py") if path.name != "conftest.py"
                       for module in imported_modules(path) if is_test_module(module))
    assert not offenders, "\n".join(offenders)


def test_the_check_notices_each_way_of_importing_a_test_module(tmp_path):
    path = tmp_path / "test_sample.py"
    path.write_text("import tests.test_editor\nfrom tests.browser.test_webhooks import x\n"
                    "def f():\n    from tests import test_email\n"
                    "from tests.conftest import PASSWORD\nfrom tests.helpers import log_in\n")
    found = {module for module in imported_modules(path) if is_test_module(module)}
    assert found == {"tests.test_editor", "tests.browser.test_webhooks", "tests.test_email",
                     "tests.conftest"}


def test_test_folders_mirror_the_app():
    """Each folder of tests is named after the part of website/ (or website/services/) it tests."""
    website = TESTS.parent / "website"
    kept_apart = {"browser", "data", "fixtures", "__pycache__"}  # journeys across the app; inputs
    folders = {path.name for path in TESTS.iterdir() if path.is_dir()} - kept_apart
    assert folders, "no test folders found"
    strays = sorted(name for name in folders
                    if not (website / name).is_dir() and not (website / "services" / name).is_dir())
    assert not strays, f"test folders without a matching part of website/: {strays}"
