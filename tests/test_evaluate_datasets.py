"""Evaluation datasets: the DUC directory layout (plain and raw SGML), JSONL, Multi-News."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarize.evaluate.datasets import DatasetError, load_dataset

SAMPLE = Path(__file__).resolve().parents[1] / "eval" / "sample"

SGML = """<DOC>
<DOCNO> NYT19981001.0001 </DOCNO>
<DATE_TIME> 1998-10-01 09:30 </DATE_TIME>
<HEADLINE> Flood waters recede </HEADLINE>
<TEXT>
<P>
The river fell below the levee on Thursday &amp; farmers returned.
</P>
<P>
Officials said the dam held.
</P>
</TEXT>
</DOC>
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_duc_layout_reads_plain_and_sgml_and_skips_with_reasons(tmp_path):
    write(tmp_path / "docs/d1/C1", "The river rose on Monday. Farmers moved cattle.")
    write(tmp_path / "docs/d1/APW19981001.0002", SGML)
    write(tmp_path / "docs/d1/C2", "")
    write(tmp_path / "references/d1/D1.M.100.T.A", "The river rose.\nFarmers fled.\n")
    write(tmp_path / "references/d1/D1.M.100.T.B", "A flood hit farms.")
    write(tmp_path / "docs/d2/C1", "No references exist for this event.")

    data = load_dataset(tmp_path)

    assert data.name == tmp_path.name
    assert [e.id for e in data.events] == ["d1"]
    event = data.events[0]
    assert [a.id for a in event.documents] == ["d1/APW19981001.0002", "d1/C1"]
    sgml = event.documents[0]
    assert sgml.title == "Flood waters recede"
    assert sgml.text == "The river fell below the levee on Thursday & farmers returned.\nOfficials said the dam held."
    assert event.references == ("The river rose.\nFarmers fled.", "A flood hit farms.")
    reasons = {Path(s.path).relative_to(tmp_path).as_posix(): s.reason for s in data.skipped}
    assert reasons == {"docs/d1/C2": "empty file", "docs/d2": "event has no reference summary"}


def test_jsonl_with_lists_objects_and_multi_news_strings(tmp_path):
    lines = [
        {"id": "a", "documents": ["First text.", {"id": "doc-b", "title": "T", "text": "Second."}],
         "references": ["Ref one.", "Ref two."]},
        {"id": "b", "documents": "One article. ||||| Another article.NEWLINE_CHARMore.", "references": "Only ref."},
        {"document": "Multi-News field names ||||| work too", "summary": "– A summary."},
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{not json\n", encoding="utf-8")

    data = load_dataset(path)

    assert data.name == "set"
    assert [e.id for e in data.events] == ["a", "b", "line-3"]
    a, b, c = data.events
    assert [(d.id, d.title, d.text) for d in a.documents] == [("a/1", "", "First text."), ("doc-b", "T", "Second.")]
    assert a.references == ("Ref one.", "Ref two.")
    assert [d.text for d in b.documents] == ["One article.", "Another article.\nMore."]
    assert b.references == ("Only ref.",)
    assert [d.text for d in c.documents] == ["Multi-News field names", "work too"]
    assert len(data.skipped) == 1
    assert data.skipped[0].path == f"{path}:4" and data.skipped[0].reason.startswith("malformed event")


def test_multi_news_src_tgt_pair(tmp_path):
    (tmp_path / "test.src").write_text("Doc one. ||||| Doc two.\nOnly one doc here.\n", encoding="utf-8")
    (tmp_path / "test.tgt").write_text("– Summary one.\n– Summary two.\n", encoding="utf-8")
    data = load_dataset(tmp_path / "test.src")
    assert [(e.id, len(e.documents), e.references) for e in data.events] == [
        ("test-1", 2, ("Summary one.",)), ("test-2", 1, ("Summary two.",)),
    ]
    (tmp_path / "test.tgt").write_text("– Summary one.\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="2 document lines but 1 summary lines"):
        load_dataset(tmp_path / "test.src")


@pytest.mark.parametrize("name", ["missing", "plain.txt", "emptydir"])
def test_unusable_paths_raise(tmp_path, name):
    (tmp_path / "plain.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "emptydir").mkdir()
    with pytest.raises(DatasetError):
        load_dataset(tmp_path / name)


def test_sample_set_has_three_events_with_two_references():
    data = load_dataset(SAMPLE)
    assert [(e.id, len(e.documents), len(e.references)) for e in data.events] == [
        ("e01-harbor-bridge", 3, 2), ("e02-glacier-lake", 3, 2), ("e03-chess-final", 3, 2),
    ]
    assert data.events[0].documents[2].title == "Harbor bridge opens after delays and cost overruns"
    assert data.skipped == ()


def test_duc2004(duc_dir):
    data = load_dataset(duc_dir)
    assert len(data.events) == 50
    assert all(len(e.references) == 4 for e in data.events)
    assert sum(len(e.documents) for e in data.events) == 500 - 12
    assert len(data.skipped) == 12 and {s.reason for s in data.skipped} == {"empty file"}
    assert [a.id for a in data.events[0].documents][:3] == ["d30001t/C1", "d30001t/C2", "d30001t/C3"]


def test_repeated_document_ids_in_one_event_are_made_unique(tmp_path):
    line = {"id": "e1", "references": ["R."],
            "documents": [{"id": "x", "text": "First story."}, {"id": "x", "text": "Second story."}]}
    path = tmp_path / "ds.jsonl"
    path.write_text(json.dumps(line) + "\n")
    (event,) = load_dataset(path).events
    assert [d.id for d in event.documents] == ["x", "x~2"]
