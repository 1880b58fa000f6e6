"""Content-hashed names for the page's files: a file's name changes with its content and with
the names of the files it refers to, and nothing else is touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from nordhub.assets import AssetError, build, config_block


def _web(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return tmp_path


def test_references_are_rewritten_to_hashed_names(tmp_path: Path) -> None:
    root = _web(
        tmp_path,
        {
            "app.js": (
                'import { x } from "./lib.js";\nfetch("/web/data/m.json"); fetch("/graphql");'
            ),
            "lib.js": "export const x = 1; // see web/lib.js",
            "data/m.json": "{}",
            "index.html": '<script src="/web/app.js"></script>',
        },
    )
    assets = build(root)
    assert set(assets.by_name) == {"app.js", "lib.js", "data/m.json"}  # the page is not hashed
    app = assets.by_name["app.js"].body.decode()
    assert f'from "./{assets.by_name["lib.js"].hashed}"' in app
    assert f'fetch("{assets.url("data/m.json")}")' in app
    assert 'fetch("/graphql")' in app  # not a file of the page
    assert assets.by_name["lib.js"].body.decode() == "export const x = 1; // see web/lib.js"
    assert assets.by_hashed[assets.by_name["app.js"].hashed].media_type == "text/javascript"
    assert assets.rewrite('<script src="/web/app.js">', "index.html") == (
        f'<script src="{assets.url("app.js")}">'
    )
    assert assets.urls("data", ".json") == {"m": assets.url("data/m.json")}


def test_a_changed_dependency_renames_its_dependants(tmp_path: Path) -> None:
    files = {"app.js": 'import "./lib.js";', "lib.js": "export const x = 1;", "other.css": "a{}"}
    before = build(_web(tmp_path / "a", files))
    after = build(_web(tmp_path / "b", {**files, "lib.js": "export const x = 2;"}))
    assert before.url("lib.js") != after.url("lib.js")
    assert before.url("app.js") != after.url("app.js")  # its text names the new lib
    assert before.url("other.css") == after.url("other.css")


def test_files_naming_each_other_in_a_cycle_are_refused(tmp_path: Path) -> None:
    root = _web(tmp_path, {"a.js": 'import "./b.js";', "b.js": 'import "./a.js";'})
    with pytest.raises(AssetError, match="cycle"):
        build(root)


def test_the_config_block_cannot_end_its_element() -> None:
    block = config_block({"text": "</script><script>alert(1)</script>"})
    assert block.count("</script>") == 1
    assert block.startswith('<script type="application/json" id="nordhub-config">{')
