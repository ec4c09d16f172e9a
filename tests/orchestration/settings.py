"""Settings of the rq worker processes the orchestration tests start: the product's settings
plus an app that registers the test agents under the pipeline's names."""
from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.orchestration.apps.TestAgentsConfig"]
