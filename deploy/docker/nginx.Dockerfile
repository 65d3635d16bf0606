# nginx in front of safegridd: the web portal's static files and /api/ over
# FastCGI (TCP to the app container), rendered from the same template as the
# local stack.
FROM debian:12-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /srv/safegrid/var/nginx /srv/safegrid/var/run /srv/safegrid/var/log \
 && chown -R www-data:www-data /srv/safegrid/var
COPY nginx/safegrid.conf.template /etc/safegrid/nginx.conf.template
COPY web /srv/safegrid/web
COPY deploy/docker/nginx-entrypoint.sh /usr/local/bin/safegrid-nginx
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/safegrid-nginx"]
