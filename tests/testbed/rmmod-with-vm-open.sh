#!/bin/sh
# Inside the testbed: while a process holds a VM open, rmmod hvt must fail
# and the VM must keep working; once it is closed, rmmod must succeed.
set -e
fifo=/tmp/hold.$$
mkfifo "$fifo"
hvt-hostile --dev /dev/hvt --hold <"$fifo" &
holder=$!
exec 3>"$fifo"
sleep 1
if rmmod hvt 2>/dev/null; then
	echo "FAIL: rmmod hvt succeeded while a VM was open"
	exit 1
fi
echo "rmmod refused while a VM is open"
echo go >&3
wait "$holder"
rmmod hvt
echo "rmmod succeeded after the VM closed"
