"""Accounts: handles with their platform, and accounts named by their owner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Extract = Callable[[str], dict[str, Any]]


def _accounts(ex: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in ex["accounts"]}


def test_founding_article_accounts(seed: dict[str, Any]) -> None:
    accounts = _accounts(seed)
    for handle in ("almirikarpykov", "kasymjanym", "aidoseg", "samsonino"):
        assert f"twitter:{handle}" in accounts
        assert accounts[f"twitter:{handle}"]["platform"] == "twitter"


def test_facebook_page_is_operated_by_its_owner(seed: dict[str, Any]) -> None:
    accounts = _accounts(seed)
    page = accounts["facebook:~muhtar-taizhan"]
    assert page["platform"] == "facebook"
    assert page["handle"] is None
    assert page["operator"] == "muhtar-taizhan"


def test_his_twitter_account_belongs_to_the_subject(seed: dict[str, Any]) -> None:
    assert _accounts(seed)["twitter:~karim-massimov"]["operator"] == "karim-massimov"


def test_platform_comes_from_the_words_before_the_handle(extract: Extract) -> None:
    ex = extract(
        "Instagram user @steppe_views posted a photo. Telegram channel @kaz_news shared it."
    )
    accounts = _accounts(ex)
    assert "instagram:steppe_views" in accounts
    assert "telegram:kaz_news" in accounts


def test_handle_in_brackets_is_operated_by_the_name_before(extract: Extract) -> None:
    ex = extract("Prime Minister Karim Massimov (@KarimMassimov) wrote about the economy.")
    assert _accounts(ex)["twitter:karimmassimov"]["operator"] == "karim-massimov"
