from lpx_common.migrations import run_env
from payments.models import Base

run_env(Base.metadata, url_env_var="PAYMENTS_DATABASE_URL")
