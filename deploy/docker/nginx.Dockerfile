# nginx in front of safegridd: the web portal, built here by a Node stage, and /api/
# over FastCGI to the app service, from the same template as the local stack.

# The portal (web/): `npm ci && npm run build` into web/dist, on Node 20 over Debian 12
# (Debian 12's own nodejs is 18, older than current Vite needs). A web/ without a
# package.json is static files already, shipped as they are.
FROM node:20-bookworm-slim AS portal
WORKDIR /src/web
COPY web/ ./
RUN if [ -f package.json ]; then npm ci && npm run build; \
    else mkdir -p /tmp/dist && cp -R . /tmp/dist && mv /tmp/dist dist; fi

FROM debian:12-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /srv/safegrid/var/nginx/conf.d /srv/safegrid/var/run /srv/safegrid/var/log \
 && chown -R www-data:www-data /srv/safegrid/var
COPY nginx/safegrid.conf.template /etc/safegrid/nginx.conf.template
COPY --from=portal /src/web/dist /srv/safegrid/web
COPY deploy/docker/nginx-entrypoint.sh /usr/local/bin/safegrid-nginx
COPY deploy/docker/nginx-healthcheck.sh /usr/local/bin/safegrid-nginx-healthcheck
# nginx runs as www-data from the start: no root master, no capabilities (8080 and 8443
# need none), and the root file system can be read-only (docker-compose.yml): the
# rendered configuration, pid, temporary files and log links all go under
# /srv/safegrid/var, which compose mounts as a tmpfs owned by www-data. TLS keys in
# SAFEGRID_TLS_DIR must be readable by www-data (uid 33).
ENV SAFEGRID_NGINX_USER="# no user directive: the image runs nginx as www-data" \
    SAFEGRID_NGINX_CONF=/srv/safegrid/var/nginx.conf
USER www-data
EXPOSE 8080 8443
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["safegrid-nginx-healthcheck"]
ENTRYPOINT ["/usr/local/bin/safegrid-nginx"]
