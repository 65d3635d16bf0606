"""docker-compose.yml, .env.example and the containers' entrypoints, without a Docker
engine: `docker-compose config` (Debian's docker-compose parses the file alone) and a
check of the services, health checks, dependencies and variables it resolves to; the
password rules and URL escaping of deploy/docker/secrets.sh, proven by connecting to a
real PostgreSQL with passwords full of '@', ':' and '/'."""
import os
import re
import shutil
import subprocess

import pytest
import yaml

from conftest import APP_PASSWORD, OWNER_PASSWORD, REPO, run, safegrid_cluster

COMPOSE = os.path.join(REPO, "docker-compose.yml")
EXAMPLE = os.path.join(REPO, ".env.example")
SECRETS = os.path.join(REPO, "deploy", "docker", "secrets.sh")
ENTRYPOINT = os.path.join(REPO, "deploy", "docker", "app-entrypoint.sh")
PASSWORDS = {
    "POSTGRES_PASSWORD": "Sup3r@secret:pw/1",
    "SAFEGRID_OWNER_PASSWORD": OWNER_PASSWORD,
    "SAFEGRID_APP_PASSWORD": APP_PASSWORD,
}

pytestmark = pytest.mark.skipif(shutil.which("docker-compose") is None,
                                reason="docker-compose is installed by deploy/install-deps.sh")


def env_file(tmp_path, **overrides):
    """.env.example with the passwords filled in and overrides applied."""
    values = dict(PASSWORDS, **overrides)
    lines = []
    for line in open(EXAMPLE, encoding="utf-8").read().splitlines():
        name = line.split("=", 1)[0]
        if not line.startswith("#") and "=" in line and name in values:
            line = f"{name}={values.pop(name)}"
        lines.append(line)
    lines += [f"{k}={v}" for k, v in values.items()]
    path = tmp_path / ".env"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def config(tmp_path, **overrides):
    result = run(["docker-compose", "-f", COMPOSE, "--env-file", str(env_file(tmp_path, **overrides)),
                  "config"], cwd=REPO, check=False)
    return result


def resolved(tmp_path, **overrides):
    result = config(tmp_path, **overrides)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_the_services_and_what_each_waits_for(tmp_path):
    services = resolved(tmp_path)["services"]
    assert set(services) == {"db", "migrate", "app", "jobs", "web", "backup", "db-metrics"}
    assert services["db"]["image"].startswith("postgres:15")
    waits = {name: {dep: spec["condition"] for dep, spec in s.get("depends_on", {}).items()}
             for name, s in services.items()}
    assert waits == {
        "db": {},
        "migrate": {"db": "service_healthy"},
        "app": {"db": "service_healthy", "migrate": "service_completed_successfully"},
        "jobs": {"db": "service_healthy", "migrate": "service_completed_successfully"},
        "web": {"app": "service_healthy"},
        "backup": {"db": "service_healthy"},
        "db-metrics": {"db": "service_healthy"},
    }
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["command"] == ["safegrid-migrate"]
    assert services["backup"]["command"] == ["safegrid-backup", "--daily"]
    assert services["jobs"]["command"] == ["safegridctl", "jobs"]
    assert services["jobs"]["restart"] == "unless-stopped"


def test_every_long_running_service_has_a_health_check(tmp_path):
    services = resolved(tmp_path)["services"]
    for name in ("db", "app", "jobs", "web", "backup", "db-metrics"):
        check = services[name].get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), name
        assert services[name]["restart"] == "unless-stopped", name
    assert services["app"]["healthcheck"]["test"] == ["CMD", "safegrid-healthcheck"]
    # The one-shot migrate is waited for by its exit, not by a health check.
    migrate = services["migrate"]["healthcheck"]
    assert migrate.get("disable") is True or migrate.get("test") == ["NONE"]


def test_only_web_publishes_ports_and_the_app_listens_on_tcp_inside(tmp_path):
    services = resolved(tmp_path, SAFEGRID_HTTP_PORT="80", SAFEGRID_HTTPS_PORT="443")["services"]
    published = {name for name, s in services.items() if s.get("ports")}
    assert published == {"web"}
    ports = {(str(p["published"]), p["target"]) for p in services["web"]["ports"]}
    assert ports == {("80", 8080), ("443", 8443)}
    assert services["app"]["environment"]["SAFEGRID_LISTEN"] == "0.0.0.0:9000"
    assert services["web"]["environment"]["SAFEGRID_FCGI"] == "app:9000"


def test_the_sites_address_and_trusted_proxies_are_settings(tmp_path):
    services = resolved(tmp_path, SAFEGRID_PUBLIC_URL="https://safegrid.example.cn",
                        SAFEGRID_TRUSTED_PROXIES="10.0.0.0/8,192.0.2.7")["services"]
    assert services["app"]["environment"]["SAFEGRID_PUBLIC_URL"] == "https://safegrid.example.cn"
    assert services["web"]["environment"]["SAFEGRID_PUBLIC_URL"] == "https://safegrid.example.cn"
    assert services["web"]["environment"]["SAFEGRID_TRUSTED_PROXIES"] == "10.0.0.0/8,192.0.2.7"


def test_each_container_gets_only_the_passwords_it_uses(tmp_path):
    services = resolved(tmp_path)["services"]
    holds = {name: {k for k in s.get("environment", {}) if k.endswith("PASSWORD")}
             for name, s in services.items()}
    assert holds["app"] == {"SAFEGRID_APP_PASSWORD"}
    assert holds["web"] == set()
    assert holds["backup"] == {"POSTGRES_PASSWORD"}
    assert holds["db-metrics"] == {"POSTGRES_PASSWORD"}
    assert "SAFEGRID_APP_PASSWORD" not in holds["migrate"]
    # The jobs write every township's reminders and read the outbox: the owner role.
    assert holds["jobs"] == {"SAFEGRID_OWNER_PASSWORD"}
    # Passwords pass through as written; the entrypoints escape them.
    assert services["app"]["environment"]["SAFEGRID_APP_PASSWORD"] == APP_PASSWORD


@pytest.mark.parametrize("name", sorted(PASSWORDS))
def test_an_empty_password_stops_compose(tmp_path, name):
    result = config(tmp_path, **{name: ""})
    assert result.returncode != 0
    assert f"set {name} in .env" in result.stderr


def test_every_variable_the_compose_file_reads_is_documented_in_the_example():
    text = open(COMPOSE, encoding="utf-8").read()
    used = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", text))
    example = open(EXAMPLE, encoding="utf-8").read()
    documented = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", example, re.M))
    assert used == documented
    # Every setting has a comment above it; secrets have no working default.
    blocks = example.split("\n\n")
    for name in documented:
        block = next(b for b in blocks if re.search(rf"^{name}=", b, re.M))
        assert "\n# " in "\n" + block or block.startswith("#"), name
    for name in PASSWORDS:
        assert re.search(rf"^{name}=$", example, re.M), name
        assert f"${{{name}:?" in text


def test_logs_rotate_through_dockers_log_driver(tmp_path):
    services = resolved(tmp_path)["services"]
    for name, service in services.items():
        assert service["logging"]["driver"] == "json-file", name
        assert service["logging"]["options"]["max-size"] == "20m", name


def test_the_app_image_is_built_with_the_tests_install_script():
    dockerfile = open(os.path.join(REPO, "deploy", "docker", "Dockerfile"), encoding="utf-8").read()
    stages = re.split(r"^FROM ", dockerfile, flags=re.M)[1:]
    assert len(stages) == 2, "a build stage and a run stage"
    assert "RUN bash deploy/install-deps.sh" in stages[0]
    assert "make build test-unit" in stages[0]
    final = stages[1]
    for compiler in ("build-essential", "gcc", "-dev ", "pkg-config"):
        assert compiler not in final, compiler
    assert "USER safegrid" in final
    nginx = open(os.path.join(REPO, "deploy", "docker", "nginx.Dockerfile"), encoding="utf-8").read()
    assert "npm ci && npm run build" in nginx
    assert "COPY --from=portal /src/web/dist" in nginx


# --- secrets.sh: which passwords, and how they go into a URL ----------------------------

def shell(script, **env):
    return subprocess.run(["sh", "-c", f". {SECRETS}; {script}"], capture_output=True,
                          text=True, env=dict(os.environ, **env))


@pytest.mark.parametrize("value", ["", "change-me-app", "CHANGEME", "password", "Password1",
                                   "secret", "short-pw", "replace-me-please", "123456789012"])
def test_a_placeholder_or_short_password_is_refused(value):
    result = shell("require_secret SOME_PASSWORD; echo accepted", SOME_PASSWORD=value)
    assert result.returncode == 78 and "accepted" not in result.stdout
    assert "SOME_PASSWORD" in result.stderr


@pytest.mark.parametrize("value", [APP_PASSWORD, OWNER_PASSWORD, "correct horse battery"])
def test_a_real_password_is_accepted(value):
    result = shell("require_secret SOME_PASSWORD; echo accepted", SOME_PASSWORD=value)
    assert result.returncode == 0 and result.stdout == "accepted\n"


def test_url_escaping_is_percent_encoding():
    result = shell('url_escape "$V"', V="a@b:c/d%e?f#g h-._~密")
    assert result.stdout == "a%40b%3Ac%2Fd%25e%3Ff%23g%20h-._~%E5%AF%86"


@pytest.fixture(scope="module")
def cluster():
    yield from safegrid_cluster("sg-ops-secrets-", seed=False)


def test_the_entrypoint_makes_urls_that_log_in_with_such_passwords(cluster):
    env = dict(os.environ, SAFEGRID_SECRETS_SH=SECRETS, SAFEGRID_DB_HOST="127.0.0.1",
               SAFEGRID_DB_PORT=str(cluster.port), SAFEGRID_APP_PASSWORD=APP_PASSWORD,
               SAFEGRID_OWNER_PASSWORD=OWNER_PASSWORD, SAFEGRID_DB_READONLY_HOST="127.0.0.1",
               SAFEGRID_DB_READONLY_PORT=str(cluster.port))
    shown = run(["sh", ENTRYPOINT, "sh", "-c",
                 'echo "$DATABASE_URL"; echo "$DATABASE_OWNER_URL";'
                 ' echo "${SAFEGRID_APP_PASSWORD-unset}"; echo "$DATABASE_URL_READONLY"'],
                env=env).stdout.split("\n")
    assert shown[0].startswith("postgresql://safegrid_app:app%40host%3A5432%2Fdb")
    assert shown[2] == "unset"
    # Both URLs log in to the real cluster as their role.
    assert shown[3] == shown[0]    # the replica here is the same cluster
    for url, role in ((shown[0], "safegrid_app"), (shown[1], "safegrid_owner"),
                      (shown[3], "safegrid_app")):
        who = run(["psql", "-X", "-tA", url, "-c", "select current_user"]).stdout.strip()
        assert who == role
    # safegridctl (libpq) reads the same URL.
    migrated = run(["sh", ENTRYPOINT, os.path.join(os.environ.get("SAFEGRID_BIN") or
                                                   os.path.join(REPO, "build"), "safegridctl"),
                    "migrate", "--dry-run"], env=dict(env, SAFEGRID_SQL_DIR=os.path.join(REPO, "sql")))
    assert migrated.stdout.strip() == ""


def test_the_entrypoint_refuses_to_start_on_a_placeholder(cluster):
    env = dict(os.environ, SAFEGRID_SECRETS_SH=SECRETS, SAFEGRID_APP_PASSWORD="change-me-app")
    result = run(["sh", ENTRYPOINT, "echo", "started"], env=env, check=False)
    assert result.returncode == 78 and "started" not in result.stdout


# --- the images' layout, read from the Dockerfiles ------------------------------------

def image_files(dockerfile):
    """The paths the final stage of a Dockerfile puts in its image from the repository
    (COPY without --from), its ENV settings, ENTRYPOINT and HEALTHCHECK command."""
    text = open(os.path.join(REPO, "deploy", "docker", dockerfile), encoding="utf-8").read()
    final = re.split(r"^FROM ", text, flags=re.M)[-1].replace("\\\n", " ")
    files = {}
    for line in final.splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not words[1].startswith("--from"):
            *sources, target = words[1:]
            for source in sources:
                path = target if len(sources) == 1 and not target.endswith("/") else \
                    os.path.join(target, os.path.basename(source))
                files[path] = source
    env = dict(re.findall(r"(\w+)=(\S+)", " ".join(
        line[4:] for line in final.splitlines() if line.startswith("ENV "))))
    entrypoint = yaml.safe_load(re.search(r"^ENTRYPOINT (.*)$", final, re.M).group(1))
    health = yaml.safe_load(re.search(r"HEALTHCHECK .*? CMD (\[.*\])", final).group(1))
    return files, env, entrypoint, health


def test_the_app_images_commands_and_paths_are_where_they_are_called():
    files, env, entrypoint, health = image_files("Dockerfile")
    for path, source in files.items():
        assert os.path.exists(os.path.join(REPO, source)), source
    assert entrypoint[0] in files
    assert f"/usr/local/bin/{health[0]}" in files
    # The commands docker-compose.yml and docs/operations.md run in this image (safegridd
    # and safegridctl come from the build stage).
    for command in ("safegrid-migrate", "safegrid-backup", "safegrid-restore",
                    "safegrid-healthcheck"):
        assert f"/usr/local/bin/{command}" in files, command
    assert "COPY --from=build /src/build/safegridd /src/build/safegridctl /usr/local/bin/" in \
        open(os.path.join(REPO, "deploy", "docker", "Dockerfile"), encoding="utf-8").read()
    assert env["SAFEGRID_SQL_DIR"] in files
    assert env["SAFEGRID_BACKUP_SCRIPT"] in files
    assert "/srv/safegrid/prometheus" in files
    # The entrypoint's default secrets.sh is the one the image holds.
    entry = open(os.path.join(REPO, files[entrypoint[0]]), encoding="utf-8").read()
    default = re.search(r"SAFEGRID_SECRETS_SH:-([^}]+)\}", entry).group(1)
    assert default in files


def test_the_web_images_commands_are_where_they_are_called():
    files, _, entrypoint, health = image_files("nginx.Dockerfile")
    assert entrypoint[0] in files
    assert f"/usr/local/bin/{health[0]}" in files
    assert "/etc/safegrid/nginx.conf.template" in files


def test_no_service_keeps_root_powers_it_does_not_need(tmp_path):
    """Every service of ours runs with no capabilities, no way to gain privileges and a
    read-only root file system; the database keeps just what its image's entrypoint needs
    to own its folder and become postgres."""
    services = resolved(tmp_path)["services"]
    for name, s in services.items():
        assert s.get("cap_drop") == ["ALL"], name
        assert "no-new-privileges:true" in s.get("security_opt", []), name
        if name == "db":
            assert set(s.get("cap_add", [])) == {"CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"}
        else:
            assert s.get("read_only") is True and not s.get("cap_add"), name
            assert "/tmp" in s.get("tmpfs", []), name
    assert "/srv/safegrid/var:uid=33,gid=33,mode=0755" in services["web"]["tmpfs"]


@pytest.mark.parametrize("dockerfile, user", [("Dockerfile", "safegrid"), ("nginx.Dockerfile", "www-data")])
def test_the_images_run_as_an_unprivileged_user(dockerfile, user):
    text = open(os.path.join(REPO, "deploy", "docker", dockerfile), encoding="utf-8").read()
    final_stage = text.split("\nFROM ")[-1]
    assert re.findall(r"^USER (\S+)$", final_stage, re.M) == [user]
