"""The web forms (Flask-WTF: every form carries a CSRF token). Labels and messages in Swedish."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

REQUIRED = "Fältet måste fyllas i."


def clean_text(value):
    """NUL and other control characters have no place in typed text (and PostgreSQL refuses
    NUL in text columns); line breaks and tabs stay."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\n\r\t")
    return value


class Form(FlaskForm):
    """Every form: WTForms' own messages ("Not a valid date value.") in Swedish, and text
    fields without control characters."""

    class Meta:
        locales = ("sv",)

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, (StringField, TextAreaField)):
                options["filters"] = (*options.get("filters", ()), clean_text)
            return unbound_field.bind(form=form, **options)


def options(pairs) -> list[SelectChoice]:
    """Choices for a select or radio field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class LoginForm(Form):
    username = StringField("Användarnamn", validators=[DataRequired(REQUIRED), Length(max=80)])
    password = PasswordField("Lösenord", validators=[DataRequired(REQUIRED), Length(max=200)])
    submit = SubmitField("Logga in")


class CaseForm(Form):
    diarienummer = StringField(
        "Diarienummer", description="Till exempel RS 2026/123",
        validators=[DataRequired(REQUIRED), Length(max=60, message="Högst 60 tecken.")])
    title = StringField("Ärendets rubrik", validators=[
        DataRequired(REQUIRED), Length(max=300, message="Högst 300 tecken.")])
    committee = SelectField("Nämnd", coerce=int, validators=[InputRequired(REQUIRED)])
    meeting_date = DateField("Sammanträdesdatum", validators=[Optional()],
                             description="Datumet då nämnden ska behandla ärendet (valfritt).")
    submit = SubmitField("Skapa ärende")


class UploadForm(Form):
    file = FileField("Utkast (.docx)", validators=[FileRequired("Välj en Word-fil (.docx).")])
    submit = SubmitField("Ladda upp och granska")


class ConfirmForm(Form):
    """A button that changes state and needs nothing but the CSRF token."""
    submit = SubmitField("Bekräfta")


class DismissForm(Form):
    finding = HiddenField(validators=[DataRequired()])
    reason = StringField("Varför är anmärkningen inte relevant?", validators=[
        DataRequired("Skriv en kort motivering."), Length(max=500, message="Högst 500 tecken.")])
    submit = SubmitField("Avfärda anmärkningen")


class VerdictForm(Form):
    verdict = RadioField("Bedömning", choices=options([
        ("agree", "Instämmer"), ("3", "Ändra till 3 – finns"),
        ("2", "Ändra till 2 – behöver utvecklas"), ("1", "Ändra till 1 – saknas"),
        ("na", "Ändra till ej tillämpligt")]), default="agree",
        validators=[DataRequired("Välj en bedömning.")])
    comment = TextAreaField("Kommentar", validators=[Length(max=2000, message="Högst 2000 tecken.")],
                            description="Krävs när du ändrar bedömningen.")
    submit = SubmitField("Spara bedömning")


class ReturnForm(Form):
    message = TextAreaField("Meddelande till handläggaren", validators=[
        DataRequired("Skriv vad som behöver kompletteras."),
        Length(max=4000, message="Högst 4000 tecken.")])
    submit = SubmitField("Återskicka för komplettering")


EMAIL_RE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
EMAIL_MESSAGE = "Skriv en e-postadress som namn@exempel.se."


class UserForm(Form):
    username = StringField("Användarnamn", validators=[
        DataRequired(REQUIRED), Length(max=80),
        Regexp(r"^[A-Za-z0-9._@-]+$", message="Använd bokstäver a–z, siffror och . _ @ -")])
    name = StringField("Namn", validators=[DataRequired(REQUIRED), Length(max=200)])
    role = SelectField("Roll", choices=options([("writer", "Handläggare"),
                                                ("secretary", "Nämndsekreterare"),
                                                ("admin", "Administratör")]))
    password = PasswordField("Lösenord", validators=[Optional(), Length(
        min=10, max=200, message="Lösenordet måste ha minst 10 tecken.")],
        description="Minst 10 tecken. Lämna tomt för att behålla nuvarande lösenord. Ett nytt "
                    "lösenord loggar ut användaren överallt och återkallar användarens API-nycklar.")
    email = StringField("E-postadress", validators=[
        Optional(), Length(max=254), Regexp(EMAIL_RE, message=EMAIL_MESSAGE)],
        description="För aviseringar om ärenden. Användaren kan själv stänga av e-posten.")
    committees = SelectMultipleField("Nämnder (för nämndsekreterare)", coerce=int)
    active = BooleanField("Kontot är aktivt", default=True)
    submit = SubmitField("Spara användaren")


class AccountForm(Form):
    email = StringField("E-postadress", validators=[
        Optional(), Length(max=254), Regexp(EMAIL_RE, message=EMAIL_MESSAGE)],
        description="Dit skickas aviseringar om dina ärenden, om organisationen har e-post påslagen.")
    notify_email = BooleanField("Skicka aviseringar till min e-post")
    submit = SubmitField("Spara")


class CommitteeForm(Form):
    name = StringField("Nämndens namn", validators=[DataRequired(REQUIRED), Length(max=200)])
    submit = SubmitField("Lägg till nämnd")


class TokenForm(Form):
    name = StringField("Namn på nyckeln", description="Till exempel namnet på systemet som ska använda den.",
                       validators=[DataRequired(REQUIRED), Length(max=100, message="Högst 100 tecken.")])
    submit = SubmitField("Skapa API-nyckel")


class RetentionForm(Form):
    days = IntegerField("Gallringsfrist i dagar", validators=[
        Optional(), NumberRange(min=30, max=36500, message="Ange mellan 30 och 36 500 dagar.")],
        description="Utkastfiler (och citat ur dem) raderas när de är äldre än så här. "
                    "Lämna tomt för att spara filerna tills vidare.")
    submit = SubmitField("Spara gallringsfristen")


class GoalForm(PlainForm):
    """One equality goal of the organisation (a row of the settings form, no CSRF of its own)."""
    name = StringField("Målets namn", validators=[Optional(), Length(max=300)])
    terms = StringField("Kortformer och ord som skribenter använder",
                        validators=[Optional(), Length(max=2000)],
                        description="Separera med semikolon, t.ex. jämställdhetsplanen; planen för jämställdhet")
    description = TextAreaField("Beskrivning", validators=[Optional(), Length(max=2000)])


LINES = "En per rad."


class SettingsForm(Form):
    goals = FieldList(FormField(GoalForm), label="Jämställdhetsmål")
    analysis_headings = TextAreaField(
        "Rubriker där jämställdhetsanalysen står", validators=[Length(max=10000)],
        description=f"{LINES} Utöver de inbyggda (Jämställdhet, Konsekvenser för kvinnor och män, "
                    "Bedömning ur social dimension, Social hållbarhet …). Det räcker med en del av "
                    "rubriken, t.ex. jämställdhetsanalys.")
    decision_headings = TextAreaField(
        "Rubriker där beslutet står", validators=[Length(max=10000)],
        description=f"{LINES} Utöver de inbyggda (Förslag till beslut, Beslut).")
    neutral_words = TextAreaField(
        "Egna könsneutrala ord för målgrupper", validators=[Length(max=10000)],
        description=f"{LINES} Ett ord i grundform; sammansättningar räknas också, t.ex. "
                    "norrbottning eller omsorgstagare.")
    not_target_words = TextAreaField(
        "Ord som inte är målgrupper i era ärenden", validators=[Length(max=10000)],
        description=f"{LINES} T.ex. samverkanspart.")
    note = StringField("Kommentar till ändringen", validators=[Optional(), Length(max=300)],
                       description="Syns i historiken, t.ex. Nya mål enligt jämställdhetsplanen 2026.")
    submit = SubmitField("Spara inställningarna")


class SettingsImportForm(Form):
    file = FileField("Inställningsfil (YAML)", validators=[FileRequired("Välj en fil.")])
    submit = SubmitField("Importera")


class GroupMappingForm(Form):
    group = StringField("Grupp hos identitetsleverantören", validators=[
        DataRequired(REQUIRED), Length(max=200)],
        description="Gruppens namn eller id som det står i ID-tokens gruppanspråk (groups).")
    role = SelectField("Roll i jamcheck", validate_choice=False)
    committee = SelectField("Nämnd (för nämndsekreterare)", validate_choice=False)
    submit = SubmitField("Lägg till koppling")
