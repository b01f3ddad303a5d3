#!/usr/bin/env bash
# Install the system packages tui-report needs, when we can.
#
# PDF export needs Pango (WeasyPrint), libharfbuzz-subset0 (fast font
# subsetting) and CJK fonts; the tests also use tmux and poppler-utils.
# Installs with apt-get as root or through passwordless sudo, skips what is
# present, and otherwise says what to install and carries on: everything but
# PDF export works without these.
set -u

PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-noto-cjk fonts-lxgw-wenkai
  tmux poppler-utils
)

have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: not a Debian/Ubuntu system; please install the equivalents of: ${PACKAGES[*]}"
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do have "$p" || missing+=("$p"); done
if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then missing+=(python3-venv); fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: system packages present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "setup-system: missing ${missing[*]}"
  echo "setup-system: no root or passwordless sudo; ask an administrator to run:"
  echo "    sudo apt-get install ${missing[*]}"
  echo "setup-system: continuing (only PDF export and the tmux tests need them)"
  exit 0
fi

echo "setup-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq || echo "setup-system: apt-get update failed; trying with the cached lists"
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  # one unavailable package (e.g. fonts-lxgw-wenkai on an older release)
  # must not keep the others out
  for p in "${missing[@]}"; do
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$p" >/dev/null \
      || echo "setup-system: could not install $p (not in this release's archive?)"
  done
fi
exit 0
