from catalog.models import Base
from lpx_common.migrations import run_env

run_env(Base.metadata, url_env_var="CATALOG_DATABASE_URL")
