import pytest

from schema.errors import ApiError, ErrorCode
from schema.relay import decode_cursor, encode_cursor


def test_cursor_round_trips_an_id() -> None:
    assert decode_cursor(encode_cursor("service:no-retinoblastom")) == "service:no-retinoblastom"
    assert decode_cursor(None) is None


@pytest.mark.parametrize(
    "cursor",
    ["garbage", "", "eyJ2IjoyLCJhZnRlciI6IngifQ", "bnVsbA", "W10", "%%%", "eyJ2IjoxfQ"],
)
def test_malformed_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(ApiError) as refused:
        decode_cursor(cursor)
    assert refused.value.code is ErrorCode.BAD_CURSOR
