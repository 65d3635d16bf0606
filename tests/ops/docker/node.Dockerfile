# Stand-in for node:20-bookworm-slim where the Docker registry cannot be reached:
# Debian 12 with this machine's Node.js and npm in /usr/local (as the official image
# has them), and the machine's CA bundle, through which it may reach the npm registry.
FROM debian:12-slim
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
COPY usr/local /usr/local
COPY ca-certificates.crt /etc/ssl/certs/machine-ca.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/machine-ca.crt
CMD ["node"]
