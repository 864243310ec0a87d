"""The consultation request form: field rules and their messages."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from ..shared import TextError, clean_text
from .choices import NEED_VALUES, NEEDS
from .phone import PhoneError, normalise_phone
from .spam import new_form_token, token_is_sound

NAME_MAX, COMPANY_MAX, EMAIL_MAX = 50, 100, 254
DETAIL_MIN, DETAIL_MAX = 10, 2000
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")

PHONE_EXAMPLE = _l(
    "A valid number looks like 138 0013 8000 (mobile), 010-1234 5678 (landline with area"
    " code) or +44 20 7946 0958 (outside China, starting with +)."
)


def text_messages():
    return {
        "control": _l("Please remove the line break, tab or other control character."),
        "broken": _l("This contains characters we cannot read. Please type it again."),
        "bidi": _l("Please remove the hidden text-direction characters."),
    }


def phone_messages():
    return {
        "required": _l("Please enter a phone number so we can reach you."),
        "too_long": _l("This is too long for a phone number."),
        "control": _l("Please remove the line break or control character from the number."),
        "script": _l("Please type the number with the digits 0–9."),
        "too_short": _l("This number is too short."),
    }


class Cleaned:
    """Normalise a text field in place (NFC, trimmed) and enforce its length."""

    def __init__(self, max_length: int, min_length: int = 0, multiline: bool = False):
        self.max_length, self.min_length, self.multiline = max_length, min_length, multiline

    def __call__(self, form, field):
        try:
            field.data = clean_text(
                field.data, max_length=self.max_length, min_length=self.min_length,
                multiline=self.multiline,
            )
        except TextError as err:
            raise ValidationError(self.message(err)) from None

    def message(self, err: TextError) -> str:
        if err.code == "too_long":
            return _l("Please shorten this to %(max)d characters (now %(length)d).", **err.params)
        if err.code == "too_short":
            return _l("Please write at least %(min)d characters.", **err.params)
        return text_messages().get(err.code, text_messages()["broken"])


def detail_given(form, field):
    if not field.data:
        raise ValidationError(
            _l("Please tell us briefly about your situation (at least %(min)d characters).",
               min=DETAIL_MIN)
        )


def valid_email(form, field):
    if field.data and not EMAIL.fullmatch(field.data):
        raise ValidationError(_l("Please enter an e-mail address like name@example.com."))


def valid_phone(form, field):
    try:
        form.phone_number = normalise_phone(field.data)
    except PhoneError as err:
        reason = phone_messages().get(err.code) or text_messages().get(err.code)
        if err.code == "required":
            raise ValidationError(reason) from None
        # Joined by a translated pattern: Chinese sentences take no space between them.
        message = _l("%(problem)s %(example)s", example=PHONE_EXAMPLE,
                     problem=reason or _l("This is not a phone number we can call."))
        raise ValidationError(message) from None
    field.data = form.phone_number.typed


class ConsultForm(FlaskForm):
    need = SelectField(
        _l("What do you need help with?"),
        choices=[SelectChoice("", _l("Please choose"))]
        + [SelectChoice(value, label) for value, label in NEEDS],
        validate_choice=False,  # checked in validate_need, with our own message
    )
    name = StringField(_l("Your name"), validators=[Cleaned(NAME_MAX)])
    phone = StringField(_l("Phone"), validators=[valid_phone])
    detail = TextAreaField(
        _l("Tell us about your situation"),
        validators=[Cleaned(DETAIL_MAX, DETAIL_MIN, multiline=True), detail_given],
    )
    company = StringField(_l("Company"), validators=[Cleaned(COMPANY_MAX)])
    email = StringField(_l("E-mail"), validators=[Cleaned(EMAIL_MAX), valid_email])
    consent = BooleanField(_l("I agree to the privacy policy"))
    # Hidden: one-time key and start time, where it was sent from, a self-check link.
    form_token = HiddenField()
    source_page = HiddenField()
    assessment_token = HiddenField()
    # A receivables health check: a saved one's token, or an unsaved one's signed figures
    # (stored only when this form is sent), and whether its customer names may be kept.
    aging_token = HiddenField()
    aging_data = HiddenField()
    aging_names = BooleanField(_l("Keep my customers' names in the saved diagnosis"))
    # Honeypot: hidden from people by CSS, filled in by naive bots.
    website = StringField(_l("Leave this field empty"))

    phone_number = None  # set by valid_phone

    def validate_need(self, field):
        if field.data not in NEED_VALUES:
            raise ValidationError(_l("Please choose what you need help with."))

    def validate_consent(self, field):
        if not field.data:
            raise ValidationError(
                _l("Please agree to the privacy policy so that we may contact you.")
            )

    def prepare(self, source_page: str = "consult", assessment_token: str | None = None,
                aging_token: str | None = None, aging_data: str | None = None):
        """Fill the hidden fields of a form about to be shown; keep a still-usable token."""
        if aging_token and not self.aging_token.data:
            self.aging_token.data = aging_token
        if aging_data and not self.aging_data.data:
            self.aging_data.data = aging_data
        if not token_is_sound(self.form_token.data):
            self.form_token.data = new_form_token()
        if not self.source_page.data:
            self.source_page.data = source_page
        if assessment_token and not self.assessment_token.data:
            self.assessment_token.data = assessment_token
        return self

    def renew_token(self):
        """Give the form a new one-time key (dated as the old one: the fill time counts)."""
        self.form_token.data = new_form_token(self.form_token.data)
        return self

    def lead_fields(self) -> dict:
        """Return the validated values as Lead columns ('' stored as NULL)."""
        return {
            "need": self.need.data,
            "name": self.name.data or None,
            "phone_e164": self.phone_number.e164,
            "phone_raw": self.phone_number.typed,
            "company": self.company.data or None,
            "email": self.email.data or None,
            "detail": self.detail.data,
        }


def clean_token(value: str | None) -> str | None:
    """Return a hidden token that has a plausible shape, else None."""
    return value if value and TOKEN.fullmatch(value) else None
