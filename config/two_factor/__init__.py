"""The optional second factor for staff (django-otp): an authenticator app, ten backup codes.

A staff member turns it on at /admin/otp/ (``views.py``): the page shows a QR code and the
secret of a new, unconfirmed TOTP device; the device is confirmed only by a correct code,
and the ten one-time backup codes (a static device) are shown once, at that moment. From
then on the admin login (``forms.TwoFactorLoginForm``, also the login of every staff page
outside /admin/, which all send to ``LOGIN_URL``) asks for a current code. A wrong or
missing code is a failed login for django-axes, so the lockout applies to codes as to
passwords. With ``STAFF_OTP_REQUIRED`` on, ``middleware.py`` sends staff without a
confirmed device to the enrollment page.

`devices.py` holds the rules: which devices count, how a code is checked, enrollment and
turning the factor off.
"""
