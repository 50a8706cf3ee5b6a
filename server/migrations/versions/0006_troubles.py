"""Troubles de voisinage: dossier_trouble, fait, entretien, demarche, attestation_temoin

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

TABLES = {
    'dossier_trouble': (
        ('logement_id', sa.String(length=36)),
        ('nature', sa.JSON()),
        ('depuis', sa.String(length=10)),
        ('frequence', sa.String(length=20)),
        ('menages_concernes', sa.Integer()),
        ('qualification', sa.String(length=20)),
        ('description', sa.Text()),
        ('ouvert_le', sa.String(length=40)),
        ('cloture', sa.String(length=20)),
    ),
    'fait': (
        ('logement_id', sa.String(length=36)),
        ('dossier_id', sa.String(length=36)),
        ('survenu_le', sa.String(length=40)),
        ('fin_le', sa.String(length=40)),
        ('nature', sa.String(length=30)),
        ('intensite', sa.String(length=10)),
        ('signale_par', sa.Text()),
        ('temoins', sa.Text()),
        ('description', sa.Text()),
        ('nuit', sa.Boolean()),
    ),
    'entretien': (
        ('dossier_id', sa.String(length=36)),
        ('date', sa.String(length=40)),
        ('lieu', sa.Text()),
        ('mene_par', sa.Text()),
        ('role', sa.String(length=20)),
        ('personne', sa.Text()),
        ('faits_declares', sa.Text()),
        ('preuves_remises', sa.Text()),
        ('demarches_deja', sa.Text()),
        ('version_autre_partie', sa.Text()),
        ('engagements', sa.JSON()),
        ('information_donnee', sa.Boolean()),
        ('prochaine_action', sa.Text()),
    ),
    'demarche': (
        ('dossier_id', sa.String(length=36)),
        ('type', sa.String(length=30)),
        ('date', sa.String(length=40)),
        ('details', sa.Text()),
        ('delai', sa.String(length=10)),
        ('consequences', sa.Text()),
        ('issue', sa.String(length=20)),
    ),
    'attestation_temoin': (
        ('dossier_id', sa.String(length=36)),
        ('nom', sa.Text()),
        ('prenom', sa.Text()),
        ('date_naissance', sa.String(length=10)),
        ('lieu_naissance', sa.Text()),
        ('adresse', sa.Text()),
        ('profession', sa.Text()),
        ('lien_parties', sa.Text()),
        ('faits', sa.Text()),
        ('fait_a', sa.Text()),
        ('fait_le', sa.String(length=10)),
        ('piece_identite', sa.Boolean()),
        ('mention_legale', sa.Boolean()),
    ),
}
# server-owned columns, after the device-written ones
SERVER_COLUMNS = {
    'dossier_trouble': (('etat', sa.String(length=10), False),),
    'attestation_temoin': (
        ('statut', sa.String(length=12), False),
        ('content_hash', sa.String(length=64), True),
    ),
}
INDEXED = {
    'dossier_trouble': ('logement_id',),
    'fait': ('logement_id', 'dossier_id'),
    'entretien': ('dossier_id',),
    'demarche': ('dossier_id',),
    'attestation_temoin': ('dossier_id',),
}


def _common_columns():
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.Column('residence_id', sa.String(length=36), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('updated_by', sa.Integer(), nullable=True),
        sa.Column('updated_hlc', sa.String(length=100), nullable=False),
        sa.Column('field_clocks', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('review_state', sa.String(length=12), nullable=False),
        sa.Column('review_comment', sa.Text(), nullable=False),
        sa.Column('updated_device_id', sa.String(length=36), nullable=True),
        sa.Column('created_device_id', sa.String(length=36), nullable=True),
        sa.Column('flags', sa.JSON(), nullable=False),
    ]


def upgrade():
    for table, columns in TABLES.items():
        op.create_table(
            table,
            *(sa.Column(name, kind, nullable=True) for name, kind in columns),
            *(
                sa.Column(name, kind, nullable=nullable)
                for name, kind, nullable in SERVER_COLUMNS.get(table, ())
            ),
            *_common_columns(),
            sa.PrimaryKeyConstraint('id'),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in (*INDEXED[table], 'residence_id', 'review_state'):
                batch_op.create_index(batch_op.f(f'ix_{table}_{name}'), [name], unique=False)


def downgrade():
    for table in reversed(list(TABLES)):
        op.drop_table(table)
