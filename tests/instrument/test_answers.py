"""Answer files: every bad cell is reported with its row and column, good files parse."""

import pytest

from leerscan.instrument.answers import AnswerFileError, read_answers


def write(tmp_path, text, name="answers.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_good_file_parses_with_semicolons_and_decimal_comma(tmp_path, mini):
    path = write(tmp_path, "respondent;a1;a2;a3;age;role\nx1;1;2;3;40;1\nx2;5;;4;;2\n")
    answers = read_answers(path, mini)
    assert answers.loc[2, "a1"] == 1 and answers.loc[3, "role"] == 2
    assert answers["a2"].isna().tolist() == [False, True]
    assert answers["respondent"].tolist() == ["x1", "x2"]


def test_every_problem_has_row_and_column(tmp_path, mini):
    path = write(tmp_path, "a1,a2,a3,age,role\n1,2,3,40,1\n6,abc,3,15,1\n2.5,2,3,40.5,9\n")
    with pytest.raises(AnswerFileError) as info:
        read_answers(path, mini)
    problems = [str(p) for p in info.value.problems]
    assert problems == [
        "row 3, column 'a1': 6 is not a valid answer (allowed: 1-5)",
        "row 3, column 'a2': 'abc' is not a number",
        "row 3, column 'age': 15 is out of range (16 to 80)",
        "row 4, column 'a1': 2.5 is not a valid answer (allowed: 1-5)",
        "row 4, column 'age': 40.5 is not a whole number",
        "row 4, column 'role': 9 is not a valid answer (allowed: 1-3)",
    ]


def test_unknown_and_duplicate_columns(tmp_path, mini):
    path = write(tmp_path, "a1,a1,zz\n1,2,3\n")
    with pytest.raises(AnswerFileError) as info:
        read_answers(path, mini)
    problems = [str(p) for p in info.value.problems]
    assert "row 1, column 'a1': this column appears twice" in problems
    assert any(p.startswith("row 1, column 'zz': unknown column") for p in problems)


def test_ragged_rows_and_empty_files(tmp_path, mini):
    path = write(tmp_path, "a1,a2\n1,2\n3\n4,5,6\n")
    with pytest.raises(AnswerFileError) as info:
        read_answers(path, mini)
    assert [str(p) for p in info.value.problems] == [
        "row 3: has 1 values but the header has 2 columns",
        "row 4: has 3 values but the header has 2 columns",
    ]
    with pytest.raises(AnswerFileError, match="empty"):
        read_answers(write(tmp_path, "", "empty.csv"), mini)


def test_binary_file_is_refused(tmp_path, mini):
    path = tmp_path / "x.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(AnswerFileError, match="not a text"):
        read_answers(path, mini)


def test_windows_1252_file_is_read(tmp_path, mini):
    path = write(tmp_path, "respondent,a1\nJosé,3\n", encoding="cp1252")
    assert read_answers(path, mini)["respondent"].tolist() == ["José"]


def test_text_too_long(tmp_path, mini):
    path = write(tmp_path, "role,role_other\n3," + "x" * 21 + "\n")
    with pytest.raises(AnswerFileError, match="longer than 20"):
        read_answers(path, mini)


def test_unknown_column_and_bad_cells_are_all_listed_at_once(tmp_path, mini):
    path = write(tmp_path, "a1,zz,a2,a2,age\n1,x,2,3,40\n6,y,abc,3,15\n")
    with pytest.raises(AnswerFileError) as info:
        read_answers(path, mini)
    problems = [str(p) for p in info.value.problems]
    assert problems[0].startswith("row 1, column 'zz': unknown column")
    assert problems[1:] == [
        "row 1, column 'a2': this column appears twice",
        "row 3, column 'a1': 6 is not a valid answer (allowed: 1-5)",
        "row 3, column 'a2': 'abc' is not a number",
        "row 3, column 'age': 15 is out of range (16 to 80)",
    ]
