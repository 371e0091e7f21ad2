from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development tools: a generated province (``generate_scale_data``) and the benchmarks (``bench``).

    Installed only where ``DEBUG`` or ``INTERCOOP_DEVTOOLS=1`` is set (``make bench``, the tests), never in a
    production deployment: the generator deletes institutions by code prefix and the benchmark signs in
    with a known password.
    """

    name = "intercoop.devtools"
    label = "devtools"
    verbose_name = "Development tools"
