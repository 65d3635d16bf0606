# Stand-in for postgres:15-bookworm where the Docker registry cannot be reached: the
# steps of docker-library/postgres's 15/bookworm/Dockerfile, with PostgreSQL 15 from
# Debian 12's own packages instead of PGDG's and gosu from Debian instead of GitHub.
# Its entrypoint scripts are the official ones, copied into the build context by
# tests/ops/docker-bases.sh from a checkout of docker-library/postgres.
FROM debian:12-slim
RUN set -eux; \
    groupadd -r postgres --gid=999; \
    useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres; \
    install --directory --owner postgres --group postgres --mode 1777 /var/lib/postgresql
RUN set -eux; apt-get update; \
    apt-get install -y --no-install-recommends gnupg less gosu locales libnss-wrapper xz-utils zstd; \
    rm -rf /var/lib/apt/lists/*; gosu nobody true; \
    echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen; locale-gen; locale -a | grep 'en_US.utf8'
ENV LANG en_US.utf8
RUN mkdir /docker-entrypoint-initdb.d
ENV PG_MAJOR 15
ENV PATH $PATH:/usr/lib/postgresql/$PG_MAJOR/bin
RUN set -ex; apt-get update; apt-get install -y --no-install-recommends postgresql-common; \
    sed -ri 's/#(create_main_cluster) .*$/\1 = false/' /etc/postgresql-common/createcluster.conf; \
    apt-get install -y --no-install-recommends "postgresql-$PG_MAJOR"; \
    rm -rf /var/lib/apt/lists/*; postgres --version
RUN set -eux; \
    dpkg-divert --add --rename --divert "/usr/share/postgresql/postgresql.conf.sample.dpkg" \
        "/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample"; \
    cp /usr/share/postgresql/postgresql.conf.sample.dpkg /usr/share/postgresql/postgresql.conf.sample; \
    ln -s ../postgresql.conf.sample "/usr/share/postgresql/$PG_MAJOR/"; \
    sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" /usr/share/postgresql/postgresql.conf.sample; \
    grep -F "listen_addresses = '*'" /usr/share/postgresql/postgresql.conf.sample
RUN install --directory --owner postgres --group postgres --mode 3777 /var/run/postgresql
ENV PGDATA /var/lib/postgresql/data
RUN install --directory --owner postgres --group postgres --mode 1777 "$PGDATA"
VOLUME /var/lib/postgresql/data
COPY docker-entrypoint.sh docker-ensure-initdb.sh /usr/local/bin/
RUN ln -sT docker-ensure-initdb.sh /usr/local/bin/docker-enforce-initdb.sh
ENTRYPOINT ["docker-entrypoint.sh"]
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
