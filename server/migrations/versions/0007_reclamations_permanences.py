"""Réclamations and permanences: reclamation, reclamation_evenement, permanence, contact_permanence

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-09 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TABLES = {
    'reclamation': (
        ('logement_id', sa.String(length=36)),
        ('batiment_id', sa.String(length=36)),
        ('cage', sa.String(length=20)),
        ('etage', sa.Integer()),
        ('partie_commune', sa.String(length=30)),
        ('categorie', sa.String(length=30)),
        ('urgence', sa.String(length=2)),
        ('signalee_le', sa.String(length=40)),
        ('description', sa.Text()),
        ('origine', sa.String(length=12)),
        ('contact_id', sa.String(length=36)),
        ('responsabilite', sa.String(length=12)),
        ('entreprise', sa.String(length=200)),
        ('entreprise_reference', sa.String(length=100)),
    ),
    'reclamation_evenement': (
        ('reclamation_id', sa.String(length=36)),
        ('statut', sa.String(length=12)),
        ('commentaire', sa.Text()),
        ('le', sa.String(length=40)),
    ),
    'permanence': (
        ('site', sa.String(length=200)),
        ('debut', sa.String(length=40)),
        ('fin', sa.String(length=40)),
        ('agents', sa.String(length=500)),
        ('chantier', sa.Boolean()),
    ),
    'contact_permanence': (
        ('permanence_id', sa.String(length=36)),
        ('heure', sa.String(length=40)),
        ('locataire_id', sa.String(length=36)),
        ('logement_id', sa.String(length=36)),
        ('anonyme', sa.Boolean()),
        ('nom', sa.String(length=200)),
        ('categorie', sa.String(length=20)),
        ('demande', sa.Text()),
        ('reponse', sa.Text()),
        ('orientation', sa.String(length=500)),
        ('suite', sa.String(length=12)),
        ('suite_id', sa.String(length=36)),
        ('rendez_vous_le', sa.String(length=40)),
        ('documents_remis', sa.String(length=500)),
        ('acces_refuse', sa.Boolean()),
        ('nuisances_chantier', sa.Text()),
        ('degats_entreprise', sa.Text()),
        ('vulnerable', sa.Boolean()),
    ),
}
# server-owned columns, after the device-written ones
SERVER_COLUMNS = {
    'reclamation': (
        ('statut', sa.String(length=12), False),
        ('echeance', sa.String(length=40), True),
    ),
}
INDEXED = {
    'reclamation': ('logement_id', 'batiment_id', 'contact_id'),
    'reclamation_evenement': ('reclamation_id',),
    'permanence': (),
    'contact_permanence': ('permanence_id',),
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
