from gateway.models import Base
from lpx_common.migrations import run_env

run_env(Base.metadata, url_env_var="GATEWAY_DATABASE_URL")
