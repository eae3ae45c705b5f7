"""Forms of 依申请公开.

- :mod:`requests_app.forms.public`: the applicant's forms (the online application, the
  tracking lookup, the online 补正);
- :mod:`requests_app.forms.staff`: one form per workflow step on the admin's step pages,
  and :data:`~requests_app.forms.staff.STEPS`, the list of those pages;
- :mod:`requests_app.forms.reply` and :mod:`requests_app.forms.correction`: the 答复 and
  更正申请信息 step forms, each in its own module.

Both have a ``ClarificationForm`` (the applicant's answer, the staff's notice): import
from the module you mean.
"""
