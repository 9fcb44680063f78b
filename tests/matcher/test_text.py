from matcher.text import clip, fold, html_to_text, sentences


def test_it_turns_html_into_lines_without_adding_text():
    html = (
        "<h3>Objet</h3><p>Le programme finance &amp; soutient.</p><ul><li>un</li><li>deux</li></ul>"
    )
    text = html_to_text(html)
    assert text.split("\n\n") == ["Objet", "Le programme finance & soutient.", "un", "deux"]


def test_it_keeps_plain_text_as_written():
    assert html_to_text("Deadline: 15 March 2027.\n\nSecond paragraph.") == (
        "Deadline: 15 March 2027.\n\nSecond paragraph."
    )


def test_sentences_have_offsets_into_the_text():
    text = "First one. Second one, e.g. this.\nThird"
    found = sentences(text)
    assert [s.text for s in found] == ["First one.", "Second one, e.g. this.", "Third"]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_clip_is_verbatim_and_short():
    text = "word " * 100 + "deadline 15 March 2027 " + "word " * 100
    start = text.index("deadline")
    piece = clip(text, start, start + 8)
    assert piece in text
    assert "deadline" in piece
    assert len(piece) <= 200


def test_fold_removes_case_and_accents_keeping_length():
    for word in ("Határidő", "ΠΡΟΘΕΣΜΊΑ", "Şcoală", "ÉTATS"):
        assert len(fold(word)) == len(word)
    assert fold("Határidő") == "hatarido"
    assert fold("Προθεσμία") == fold("ΠΡΟΘΕΣΜΊΑ")
