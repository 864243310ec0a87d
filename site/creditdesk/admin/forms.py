"""Forms of the sales workspace (WTForms messages in the staff member's language)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length

REQUIRED = _l("This field is required.")


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED),
                                                         Length(max=1024)])


class SetupForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[
        DataRequired(REQUIRED), Length(max=254),
    ])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED),
                                                         Length(max=1024)])
    confirm = PasswordField(_l("Password again"), validators=[
        DataRequired(REQUIRED), EqualTo("password", _l("The two passwords differ.")),
    ])


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[], validators=[DataRequired(REQUIRED)])


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Assignee"), choices=[])


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Note"), validators=[
        DataRequired(REQUIRED),
        Length(max=4000, message=_l("Keep the note under %(max)d characters.")),
    ])


class EraseForm(FlaskForm):
    confirm = BooleanField(_l("I confirm that this person asked for deletion"),
                           validators=[DataRequired(_l("Tick the box to confirm."))])


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (reveal, spam, logout)."""
