"""Which process used the CPU during a measurement: CPU time by component, read from
/proc before and after, divided by the requests answered.

Components are found by their pidfiles under the stack's folder, each with its
children: PostgreSQL (the postmaster and its backends), safegridd (the supervisor
and its workers), nginx (master and workers). wrk's own time is the harness's
children's rusage around the wrk run. "other" is the machine's busy time (all CPUs,
from /proc/stat) minus all of those: the kernel's interrupt work, the harness,
anything else running on the machine -- a large "other" means the numbers were
disturbed. "steal" is time the hypervisor gave the machine's CPUs to someone else
(this is a virtual machine): not used by anything here, but not available either.

A component's time is the sum over its processes of what each used between the two
snapshots: a process that ended meanwhile (an autovacuum worker, a backend) takes its
time in the row with it, which then falls into "other", and never the time it had used
before the row; one that started meanwhile counts whole. safegridd's connections and
nginx's workers live through the run.
"""
import os
import resource

CLK_TCK = os.sysconf("SC_CLK_TCK")
COMPONENTS = ("wrk", "nginx", "safegridd", "postgres", "other", "steal")


def _read_pid(path):
    try:
        with open(path) as f:
            return int(f.readline().strip())
    except (OSError, ValueError):
        return None


def _stat(pid):
    """(parent pid, user + system ticks) of pid, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[1]), int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


def _command(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            words = f.read().split(b"\0")
        return os.path.basename(words[0].decode(errors="replace")) or "?"
    except OSError:
        return "?"


def _cpu_ticks():
    """(busy, steal) ticks of all CPUs since boot."""
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]] + [0] * 10
    # user nice system idle iowait irq softirq steal guest guest_nice; guest time is
    # already in user and nice, steal is time the hypervisor gave to someone else.
    user, nice, system, _, _, irq, softirq, steal = cpu[:8]
    return user + nice + system + irq + softirq, steal


def _since(start, now):
    """Ticks a process used between two snapshots of its count: a count that went down
    is another process under a reused pid, which counts whole."""
    return now - start if now >= start else now


def _used(before, after):
    """Ticks the processes of one component used between two snapshots ({pid: ticks})."""
    return sum(_since(before.get(pid, 0), t) for pid, t in after.items())


class Sampler:
    def __init__(self, var_dir):
        self.roots = {
            "postgres": os.path.join(var_dir, "pg", "postmaster.pid"),
            "safegridd": os.path.join(var_dir, "run", "safegridd.pid"),
            "nginx": os.path.join(var_dir, "run", "nginx.pid"),
        }

    def snapshot(self):
        roots = {name: _read_pid(path) for name, path in self.roots.items()}
        ticks = {name: {} for name in roots}    # component -> {pid: ticks}
        others = {}             # pid -> (command, ticks) of every other process
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            st = _stat(entry)
            if st is None:
                continue
            pid, (parent, used) = int(entry), st
            mine = [name for name, root in roots.items()
                    if root is not None and (pid == root or parent == root)]
            if mine:
                ticks[mine[0]][pid] = used
            else:
                others[pid] = (_command(pid), used)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        busy, steal = _cpu_ticks()
        return {"ticks": ticks, "busy": busy, "steal": steal, "others": others,
                "children": children.ru_utime + children.ru_stime}

    @staticmethod
    def other_processes(before, after, top=3):
        """The other processes that used the most CPU meanwhile: [(command, seconds)].
        A process that ended meanwhile is not among them (a PostgreSQL autovacuum
        worker, say): its time is in "other" all the same."""
        used = {}
        for pid, (command, ticks) in after["others"].items():
            spent = _since(before["others"].get(pid, (command, 0))[1], ticks)
            if spent > 0 and pid != os.getpid():
                used[command] = used.get(command, 0) + spent / CLK_TCK
        return sorted(used.items(), key=lambda x: -x[1])[:top]

    @staticmethod
    def per_request(before, after, requests):
        """Microseconds of CPU per request, by component."""
        if not requests:
            return {}
        us = {name: _used(before["ticks"][name], after["ticks"][name]) / CLK_TCK * 1e6 / requests
              for name in before["ticks"]}
        us["wrk"] = (after["children"] - before["children"]) * 1e6 / requests
        busy = (after["busy"] - before["busy"]) / CLK_TCK * 1e6 / requests
        us["other"] = max(0.0, busy - sum(us.values()))
        us["steal"] = (after["steal"] - before["steal"]) / CLK_TCK * 1e6 / requests
        return {name: us[name] for name in COMPONENTS}
