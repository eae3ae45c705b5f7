"""The written notices of the 依申请公开 workflow, rendered from per-kind templates.

Every notice the 条例 (《中华人民共和国政府信息公开条例》, 2019) requires has its own
plain-text Django template under ``templates/requests_app/letters/``:

==============  ===============  ====================================================
kind            label            template
==============  ===============  ====================================================
receipt         登记回执         ``receipt.txt`` (Art. 31 receipt date, Art. 33 limit)
clarification   补正告知书       ``clarification.txt`` (Art. 29, 30)
third_party     征求第三方意见书 ``third_party.txt`` (Art. 32)
extension       延期答复告知书   ``extension.txt`` (Art. 33)
fee             收费通知书       ``fee.txt`` (Art. 42, 国办函〔2020〕109号)
reply           答复告知书       ``reply/<reply_type>.txt``, all extending ``reply.txt``
==============  ===============  ====================================================

Every reply ends with the applicant's remedies (``_remedies.txt``): 行政复议 within 60
days (《行政复议法》第二十条) and 行政诉讼 within 6 months (《行政诉讼法》第四十六条).
Where the reply refuses disclosure in whole or in part, the 2023 《行政复议法》第二十三条
第一款第四项 makes 行政复议 a precondition of suing, so those replies say "first 复议, then
sue within 15 days of the 复议决定 (《行政诉讼法》第四十五条)" instead of offering a direct
suit that a court would reject. ``review_first`` in the context overrides the default.

The package
-----------
- :mod:`~requests_app.letters.kinds`: the kinds, their titles, :class:`LetterContextError`
  and the numbers (:func:`letter_number`, :func:`next_sequence`);
- :mod:`~requests_app.letters.context`: :data:`FIELDS`, every fact a letter may state,
  and :func:`required_fields` / :func:`optional_fields` per kind and reply type;
- :mod:`~requests_app.letters.rendering`: the context checked and prepared, the body
  (:func:`render_letter`) and the whole letter (:func:`build_letter`, :class:`Letter`);
  a long description is quoted as a summary (:func:`summarise_description`).

The reply types and withholding grounds themselves are rules of the law and live in
:mod:`requests_app.outcomes`; this package holds their wording.

Pure Python and templates: no database access.
"""

from requests_app.letters.context import FIELDS, FieldSpec, optional_fields, required_fields
from requests_app.letters.kinds import (
    LetterContextError,
    LetterKind,
    letter_number,
    letter_title,
    next_sequence,
)
from requests_app.letters.rendering import (
    DESCRIPTION_QUOTE_LIMIT,
    Letter,
    build_letter,
    format_cn_date,
    render_letter,
    summarise_description,
)

__all__ = [
    "DESCRIPTION_QUOTE_LIMIT",
    "FIELDS",
    "FieldSpec",
    "Letter",
    "LetterContextError",
    "LetterKind",
    "build_letter",
    "format_cn_date",
    "letter_number",
    "letter_title",
    "next_sequence",
    "optional_fields",
    "render_letter",
    "required_fields",
    "summarise_description",
]
