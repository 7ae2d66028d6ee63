"""Is it an article? A document-level decision taken after cleaning.

Cleaning (summarize.clean) removes noise line by line; some pages hold no article at all once
the noise is counted: a social widget ("add a location to your Tweets"), a web-archive crawl
notice, a cookie or JavaScript wall, a video player's or a gallery's chrome, a navigation
list. Other inputs are files that are not news prose: a README, notes, a CSV, a PDF read as
text. `not_an_article` names why such a document is skipped; anything else is kept.

What the rule measures, paragraph by paragraph of the cleaned text:

* Page-interface wording: how many of a paragraph's words belong to the vocabulary web pages
  use to talk about themselves (tweets, browsers, JavaScript, cookies, crawls and archives,
  video playback, sign-in and newsletter prompts, galleries and slideshows, clicking). A
  paragraph is chrome when at least `_DENSE_SHARE` of its words are such terms, or
  `_INTERFACE_SHARE` of them and it speaks about the page: it addresses the reader ("your
  Tweets", "please"), points at itself ("this video") or uses a term only chrome uses
  ("JavaScript", "crawl"). News about social media uses the same words, but not that way.
* Prose: a paragraph is prose when it holds a finished sentence of at least
  `_MIN_SENTENCE_WORDS` words and is not chrome.

A document is not an article when the chrome outweighs the prose (`_CHROME_SHARE` of its
words), or when it has fewer than `_MIN_PROSE_WORDS` words of prose. A three-sentence brief
passes: it is all prose. On the Multi-News development set (eval/articles_check.py, 690
pages) the rule skips the pages listed there; precision and the share of real articles kept
are printed by that script and recorded in eval/GROUPING.md.
"""

from __future__ import annotations

import re

from summarize.records import Article
from summarize.text import ends_sentence, sentence_breaks

REASON = "not an article"

_MIN_SENTENCE_WORDS = 6
_MIN_PROSE_WORDS = 20
_CHROME_SHARE = 0.5
_LEFTOVER_RATIO = 3
_INTERFACE_SHARE = 0.06
_DENSE_SHARE = 0.3

# How web pages talk about themselves. Word stems, matched at a word start, lower-cased.
_INTERFACE = re.compile(
    r"\b(?:tweet|retweet|twitter|facebook|instagram|pinterest|whatsapp|reddit|social media|"
    r"followers?|hashtag|share|sharing|likes?|comment|javascript|browser|cookies?|enable|"
    r"disabled?|plugin|plug-in|flash player|ad ?blocker|adblock|click|tap|swipe|scroll|"
    r"sign ?in|sign ?up|log ?in|login|logged|log out|register|registration|subscri|newsletter|"
    r"e-?mail address|inbox|password|account|username|profile|settings|preferences|"
    r"privacy|terms of (?:service|use)|policy|crawl|crawled|crawler|wayback|archive|archived|"
    r"warc|seed|url|urls|domain|website|webpage|web page|site|homepage|link|links|"
    r"video|videos|playback|play|player|autoplay|rented|transcript|watch|loading|loaded|"
    r"gallery|galleries|slideshow|photos?|images?|thumbnails?|caption|next|previous|"
    r"menu|navigation|toggle|download|app|apps|updates?|notifications?|location|"
    r"feature|available|refresh|reload|error|page|pages|content|ads?|advertis|form|mailing|"
    r"contact details|fill in|webinar|copyright|web)",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|yours|please)\b", re.IGNORECASE)
_STRONG = re.compile(
    r"\b(?:javascript|browsers?|cookies|crawl\w*|wayback|warc|log ?in|sign ?in|sign ?up|"
    r"subscribe|newsletter|rented|autoplay|playback|slideshow|click\w*|enabled?|disabled|"
    r"plug-?in|ad ?block\w*|mailing list|urls|internet archive)\b",
    re.IGNORECASE,
)
_DEICTIC = re.compile(
    r"\b(?:this|these)\s+(?:\w+\s+)?(?:video|page|site|website|feature|collection|crawl|"
    r"content|gallery|photo|image|app|service|form|story|article|browser)s?\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")
_CSV_SPLIT = re.compile(r"[,;\t|]")
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s|```|[-*+]\s|\d+[.)]\s|\$ |>>> |[{}<\[])")


def not_an_article(article: Article, raw_text: str | None = None) -> str | None:
    """Why the cleaned `article` is not a news article ("not an article: <why>"), or None
    when it is one. `raw_text` is the text before cleaning (for file-type signs)."""
    raw = raw_text if raw_text is not None else article.text
    why = _not_prose_file(raw)
    if why is None:
        why = _boilerplate(article.text, len(_WORD.findall(raw)))
    return f"{REASON}: {why}" if why else None


def _not_prose_file(text: str) -> str | None:
    head = text.lstrip()[:1024]
    if head.startswith("%PDF"):
        return "a PDF file read as text"
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) >= 3:
        counts = [len(_CSV_SPLIT.findall(line)) for line in lines[:50]]
        sentences = sum(ends_sentence(line) for line in lines[:50])
        if min(counts) >= 2 and max(counts) - min(counts) <= 1 and sentences * 4 < len(counts):
            return "a table of delimited values (CSV), not prose"
        marked = [line for line in lines if _MARKUP.match(line)]
        told = sum(_has_sentence(line) for line in marked)  # a numbered argument is prose
        if len(marked) >= 0.5 * len(lines) and told < 0.5 * len(marked):
            return "a list or markup file (README or notes), not news prose"
    return None


def _boilerplate(text: str, raw_words: int) -> str | None:
    prose = chrome = fragments = 0
    for paragraph in (p.strip() for p in text.splitlines()):
        found = _WORD.findall(paragraph)
        if not found:
            continue
        if _is_chrome(paragraph, len(found)):
            chrome += len(found)
        elif _has_sentence(paragraph):
            prose += len(found)
        else:
            fragments += 1
    if prose < _MIN_PROSE_WORDS:
        if chrome:
            return f"page chrome only ({chrome} words of interface text, {prose} of prose)"
        # A lone line is a (short) article, unless it is what is left of a page that was
        # mostly chrome; several fragments and no prose are a list.
        if fragments >= 2:
            return f"no news prose ({prose} words in full sentences, {fragments} fragments)"
        if raw_words >= _LEFTOVER_RATIO * (prose + max(fragments, 1) * _MIN_SENTENCE_WORDS):
            return f"no news prose (a {prose}-word remnant of a {raw_words}-word page)"
        return None
    if chrome >= _CHROME_SHARE * (prose + chrome):
        return f"mostly page chrome ({chrome} words of interface text against {prose} of prose)"
    return None


def _is_chrome(paragraph: str, n_words: int) -> bool:
    terms = len(_INTERFACE.findall(paragraph))
    if terms == 0:
        return False
    if terms / n_words >= _DENSE_SHARE:
        return True
    # News about social media uses these words too; a page about itself also addresses its
    # reader ("your Tweets"), points at itself ("this video") or uses a term that only
    # page chrome uses ("JavaScript", "crawl").
    speaks = (
        _SECOND_PERSON.search(paragraph) or _DEICTIC.search(paragraph) or _STRONG.search(paragraph)
    )
    return bool(speaks) and terms / n_words >= _INTERFACE_SHARE


def _has_sentence(paragraph: str) -> bool:
    starts = [0, *sentence_breaks(paragraph), len(paragraph)]
    for a, b in zip(starts, starts[1:]):
        sentence = paragraph[a:b].strip()
        if len(_WORD.findall(sentence)) >= _MIN_SENTENCE_WORDS and ends_sentence(sentence):
            return True
    return False
