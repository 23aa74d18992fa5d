import payments.finance.models  # noqa: F401  (finance's tables, so autogenerate sees them)
from lpx_common.migrations import run_env
from payments.models import Base

run_env(Base.metadata, url_env_var="PAYMENTS_DATABASE_URL")
