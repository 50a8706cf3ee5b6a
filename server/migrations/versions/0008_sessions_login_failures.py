"""Server-side back-office sessions; login failures keyed by account and address

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 23:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('backoffice_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_reason', sa.String(length=40), nullable=True),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('backoffice_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_backoffice_session_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_backoffice_session_ended_at'), ['ended_at'], unique=False)

    # failures are short-lived counters: the old per-login rows are dropped, not converted
    op.drop_table('login_failure')
    op.create_table('login_failure',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('first_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failure_first_at'), ['first_at'], unique=False)


def downgrade():
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_first_at'))
    op.drop_table('login_failure')
    op.create_table('login_failure',
    sa.Column('login', sa.String(length=80), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('first_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('login')
    )
    with op.batch_alter_table('backoffice_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_backoffice_session_ended_at'))
        batch_op.drop_index(batch_op.f('ix_backoffice_session_user_id'))
    op.drop_table('backoffice_session')
