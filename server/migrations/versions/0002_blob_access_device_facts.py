"""Who may read a blob; what a device last reported (app version, unsent items)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 16:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'blob_access',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('sha256', 'user_id'),
    )
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('app_version', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('pending_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pending_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_column('pending_at')
        batch_op.drop_column('pending_count')
        batch_op.drop_column('app_version')
    op.drop_table('blob_access')
