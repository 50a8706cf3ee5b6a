"""Décompte de sortie (back office): decompte_sortie, retenue

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('decompte_sortie',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('edl_id', sa.String(length=36), nullable=False),
    sa.Column('cles_rendues_le', sa.Date(), nullable=False),
    sa.Column('restitue_le', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('edl_id', name='uq_decompte_sortie_edl_id')
    )
    op.create_table('retenue',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('decompte_id', sa.String(length=36), nullable=False),
    sa.Column('libelle', sa.String(length=200), nullable=False),
    sa.Column('montant', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('montant >= 0', name='ck_retenue_montant_positif'),
    sa.ForeignKeyConstraint(['decompte_id'], ['decompte_sortie.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('retenue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retenue_decompte_id'), ['decompte_id'], unique=False)


def downgrade():
    op.drop_table('retenue')
    op.drop_table('decompte_sortie')
