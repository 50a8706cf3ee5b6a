"""Back-office forms (Flask-WTF, CSRF-protected)."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    login = StringField(
        "Identifiant", validators=[DataRequired("Identifiant obligatoire."), Length(max=80)]
    )
    password = PasswordField(
        "Mot de passe", validators=[DataRequired("Mot de passe obligatoire."), Length(max=200)]
    )
