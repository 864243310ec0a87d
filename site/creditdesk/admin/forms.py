"""Forms of the sales workspace (WTForms messages in the staff member's language)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

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


class NextStepForm(FlaskForm):
    """Plan or move the next step: what, when (site time zone), an optional note."""

    action = SelectField(_l("Next step"), choices=[], validators=[DataRequired(REQUIRED)])
    due = StringField(_l("Due"), validators=[DataRequired(REQUIRED), Length(max=40)])
    note = TextAreaField(_l("Note for the step"), validators=[
        Optional(), Length(max=500, message=_l("Keep the note under %(max)d characters.")),
    ])
    next = HiddenField()


class StepDoneForm(FlaskForm):
    outcome = TextAreaField(_l("Outcome"), validators=[
        DataRequired(_l("Write what came of it.")),
        Length(max=2000, message=_l("Keep the outcome under %(max)d characters.")),
    ])
    next = HiddenField()


class ContactForm(FlaskForm):
    """One tap: the outcome is the button's value."""

    outcome = SelectField(_l("Outcome"), choices=[], validators=[DataRequired(REQUIRED)])
    next = HiddenField()


class ChatRobotForm(FlaskForm):
    chat_format = SelectField(_l("Chat robot"), choices=[])
    chat_url = StringField(_l("Robot webhook address"), validators=[Optional(), Length(max=500)])
