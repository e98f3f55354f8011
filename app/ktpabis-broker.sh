#!/bin/bash
# A throwaway ActiveMQ broker for ktpabis: Debian's activemq package, its own config and data
# in DIR, a STOMP connector on 127.0.0.1:PORT only (no OpenWire, no JMX, no web console), so it
# never touches the system instance (/etc/activemq, port 61616).
#   ktpabis-broker.sh start DIR PORT   write DIR/activemq.xml, start, wait until PORT accepts
#   ktpabis-broker.sh stop DIR         stop the broker started in DIR (its data is kept)
# Waits are bounded: start gives up after KTPABIS_BROKER_WAIT seconds (default 120).
set -eu
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2; }
home=/usr/share/activemq

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "$cmd" in
start)
  port=${3:-}
  [ -n "$port" ] || { echo "$0: start needs a port" >&2; exit 2; }
  [ -f "$home/bin/activemq.jar" ] || { echo "$0: activemq is not installed (apt-get install activemq)" >&2; exit 1; }
  if port_open "$port"; then echo "$0: port $port is already in use" >&2; exit 1; fi
  mkdir -p "$dir/data"
  dir=$(cd "$dir" && pwd)
  cat > "$dir/activemq.xml" <<XML
<beans xmlns="http://www.springframework.org/schema/beans"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-2.0.xsd
  http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <broker xmlns="http://activemq.apache.org/schema/core" brokerName="ktpabis" useJmx="false"
          persistent="true" dataDirectory="$dir/data" schedulerSupport="false">
    <persistenceAdapter><kahaDB directory="$dir/data/kahadb"/></persistenceAdapter>
    <transportConnectors>
      <transportConnector name="stomp" uri="stomp://127.0.0.1:$port?transport.maxFrameSize=8388608"/>
    </transportConnectors>
  </broker>
</beans>
XML
  echo "$port" > "$dir/port"
  # The JVM options /usr/bin/activemq passes on Java 17, minus the system paths.
  nohup java -Xms64m -Xmx256m -Djava.awt.headless=true \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED \
    -Dactivemq.classpath="$home/lib/" -Dactivemq.home="$home" -Dactivemq.base="$dir" \
    -Dactivemq.conf="$dir" -Dactivemq.data="$dir/data" \
    -jar "$home/bin/activemq.jar" start "xbean:file:$dir/activemq.xml" \
    > "$dir/broker.log" 2>&1 < /dev/null &
  echo $! > "$dir/broker.pid"
  waited=0; limit=${KTPABIS_BROKER_WAIT:-120}
  until port_open "$port"; do
    if ! kill -0 "$(cat "$dir/broker.pid")" 2>/dev/null; then
      echo "$0: the broker exited; see $dir/broker.log" >&2; tail -5 "$dir/broker.log" >&2; exit 1
    fi
    if [ "$waited" -ge "$((limit * 10))" ]; then
      echo "$0: the broker did not open port $port within ${limit} s; see $dir/broker.log" >&2
      kill "$(cat "$dir/broker.pid")" 2>/dev/null || true; exit 1
    fi
    sleep 0.1; waited=$((waited + 1))
  done
  echo "broker ready on 127.0.0.1:$port (pid $(cat "$dir/broker.pid"), files in $dir)"
  ;;
stop)
  [ -f "$dir/broker.pid" ] || exit 0
  pid=$(cat "$dir/broker.pid")
  kill "$pid" 2>/dev/null || { rm -f "$dir/broker.pid"; exit 0; }
  waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 300 ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/broker.pid"
  ;;
*) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
