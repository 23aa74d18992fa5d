from lpx_common.migrations import run_env
from notifications.models import Base

run_env(Base.metadata, url_env_var="NOTIFICATIONS_DATABASE_URL")
