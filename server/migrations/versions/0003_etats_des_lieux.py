"""États des lieux: etat_des_lieux, edl_element, signature

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 18:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _synced_columns(flags: bool) -> list:
    """The columns of every synced, reviewed record (SyncedMixin, ReviewedMixin, FlaggedMixin)."""
    columns = [
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
    ]
    if flags:
        columns.append(sa.Column('flags', sa.JSON(), nullable=False))
    return columns


def _indexes(table: str, names: list[str]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name in names:
            batch_op.create_index(batch_op.f(f'ix_{table}_{name}'), [name], unique=False)


def upgrade():
    op.create_table('etat_des_lieux',
    sa.Column('logement_id', sa.String(length=36), nullable=True),
    sa.Column('bail_id', sa.String(length=36), nullable=True),
    sa.Column('sens', sa.String(length=10), nullable=True),
    sa.Column('date_edl', sa.String(length=40), nullable=True),
    sa.Column('entree_id', sa.String(length=36), nullable=True),
    sa.Column('parties', sa.JSON(), nullable=True),
    sa.Column('bailleur_representant', sa.Text(), nullable=True),
    sa.Column('bailleur_adresse', sa.Text(), nullable=True),
    sa.Column('mandataire', sa.Text(), nullable=True),
    sa.Column('compteurs', sa.JSON(), nullable=True),
    sa.Column('cles', sa.JSON(), nullable=True),
    sa.Column('observations', sa.Text(), nullable=True),
    sa.Column('statut', sa.String(length=12), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    *_synced_columns(flags=True),
    sa.PrimaryKeyConstraint('id')
    )
    _indexes('etat_des_lieux', ['logement_id', 'residence_id', 'review_state'])

    op.create_table('edl_element',
    sa.Column('edl_id', sa.String(length=36), nullable=True),
    sa.Column('piece', sa.Text(), nullable=True),
    sa.Column('element', sa.Text(), nullable=True),
    sa.Column('ordre', sa.Float(), nullable=True),
    sa.Column('etat', sa.String(length=20), nullable=True),
    sa.Column('non_teste', sa.Boolean(), nullable=True),
    sa.Column('absent', sa.Boolean(), nullable=True),
    sa.Column('sale', sa.Boolean(), nullable=True),
    sa.Column('observations', sa.Text(), nullable=True),
    sa.Column('grille_element', sa.Text(), nullable=True),
    *_synced_columns(flags=True),
    sa.PrimaryKeyConstraint('id')
    )
    _indexes('edl_element', ['edl_id', 'residence_id', 'review_state'])

    op.create_table('signature',
    sa.Column('owner_entity', sa.String(length=40), nullable=True),
    sa.Column('owner_record', sa.String(length=36), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.Column('nom', sa.Text(), nullable=True),
    sa.Column('image_sha256', sa.String(length=64), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('signed_at', sa.String(length=40), nullable=True),
    *_synced_columns(flags=False),
    sa.PrimaryKeyConstraint('id')
    )
    _indexes('signature', ['owner_record', 'residence_id', 'review_state'])


def downgrade():
    for table in ('signature', 'edl_element', 'etat_des_lieux'):
        op.drop_table(table)
