"""The statutory time limits of the 依申请公开 workflow, each stated once.

Every limit is a number of working days counted by ``catalog.workdays`` (a limit of N
working days from a date counts from the next working day).
"""

from __future__ import annotations

# Art. 33(2): reply within 20 working days of receipt when it cannot be given on the spot.
REPLY_WORKING_DAYS = 20

# Art. 33(2): one extension, of at most 20 working days, approved by the head of the
# disclosure office.
EXTENSION_MAX_WORKING_DAYS = 20

# Art. 30: a 补正 notice must be sent within 7 working days of receipt, once.
CLARIFICATION_NOTICE_WORKING_DAYS = 7

# Art. 32: the third party has 15 working days from receiving the request for its opinion.
THIRD_PARTY_WORKING_DAYS = 15

# 国办函〔2020〕109号 (政府信息公开信息处理费管理办法): unpaid within 20 working days
# of receiving the fee notice, the application is treated as withdrawn.
FEE_PAYMENT_WORKING_DAYS = 20

# Not law: what the staff dashboard calls "due soon".
DUE_SOON_WORKING_DAYS = 5

# Not law: handlers are e-mailed about requests due within this many working days.
REMINDER_WORKING_DAYS = 3

# Not law: Art. 44 speaks of 多个申请人 asking for the same information; the handler is
# shown a hint from this many distinct applicants within ART44_WINDOW_DAYS.
ART44_MIN_APPLICANTS = 3
ART44_WINDOW_DAYS = 365
