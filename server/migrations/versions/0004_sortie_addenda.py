"""EDL de sortie and addenda: element exit fields, logement.renouvellements, edl_addendum

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 20:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

ELEMENT_COLUMNS = (
    ('entree_element_id', sa.String(length=36)),
    ('etat_entree', sa.String(length=20)),
    ('identique_entree', sa.Boolean()),
    ('imputation', sa.String(length=20)),
    ('cout', sa.Float()),
    ('installe_le', sa.String(length=10)),
)


def upgrade():
    with op.batch_alter_table('edl_element', schema=None) as batch_op:
        for name, kind in ELEMENT_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))

    with op.batch_alter_table('logement', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('renouvellements', sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )

    op.create_table('edl_addendum',
    sa.Column('edl_id', sa.String(length=36), nullable=True),
    sa.Column('type', sa.String(length=20), nullable=True),
    sa.Column('redige_le', sa.String(length=40), nullable=True),
    sa.Column('texte', sa.Text(), nullable=True),
    sa.Column('statut', sa.String(length=12), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
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
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('edl_addendum', schema=None) as batch_op:
        for name in ('edl_id', 'residence_id', 'review_state'):
            batch_op.create_index(batch_op.f(f'ix_edl_addendum_{name}'), [name], unique=False)


def downgrade():
    op.drop_table('edl_addendum')
    with op.batch_alter_table('logement', schema=None) as batch_op:
        batch_op.drop_column('renouvellements')
    with op.batch_alter_table('edl_element', schema=None) as batch_op:
        for name, _kind in reversed(ELEMENT_COLUMNS):
            batch_op.drop_column(name)
