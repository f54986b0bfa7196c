//! How much memory this process may still take: the least of what the machine has free,
//! what its cgroup's memory limit leaves, and what its address-space limit leaves.
//!
//! `/proc/meminfo` alone says what the machine has; a container or a systemd unit with a
//! memory limit is killed long before that is used up, and a process under `ulimit -v`
//! fails its allocations. Each figure is read where Linux publishes it; where one cannot
//! be read it is left out, and where none can (other systems) nothing is refused.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// Memory a new run may take, and what sets that figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Available {
    pub bytes: u64,
    pub limit: Limit,
}

/// What sets the memory a run may take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Limit {
    /// `MemAvailable` of `/proc/meminfo`: the machine's free memory.
    Machine,
    /// The memory limit of a cgroup (the process's or one above it), less what the
    /// cgroup already uses.
    Cgroup(PathBuf),
    /// The address-space limit (`ulimit -v`, `RLIMIT_AS`), less what the process already
    /// maps.
    AddressSpace,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Machine => write!(f, "available on this machine"),
            Limit::Cgroup(dir) => write!(
                f,
                "available under the memory limit of this process's cgroup ({})",
                dir.display()
            ),
            Limit::AddressSpace => write!(
                f,
                "available under this process's address-space limit (ulimit -v)"
            ),
        }
    }
}

/// The memory this process may still take, as the least of the figures that can be read;
/// `None` when none can (as on systems other than Linux), and then no scenario is refused
/// for its size.
pub fn available_memory() -> Option<Available> {
    let machine = fs::read_to_string("/proc/meminfo").ok().and_then(|text| {
        meminfo_bytes(&text, "MemAvailable:").or_else(|| meminfo_bytes(&text, "MemTotal:"))
    });
    let cgroup = fs::read_to_string("/proc/self/cgroup")
        .ok()
        .and_then(|text| cgroup_room(&text, Path::new("/sys/fs/cgroup")));
    let candidates = [
        machine.map(|bytes| Available {
            bytes,
            limit: Limit::Machine,
        }),
        cgroup.map(|(bytes, dir)| Available {
            bytes,
            limit: Limit::Cgroup(dir),
        }),
        address_space_room().map(|bytes| Available {
            bytes,
            limit: Limit::AddressSpace,
        }),
    ];
    candidates.into_iter().flatten().min_by_key(|a| a.bytes)
}

/// The value of a `/proc/meminfo` (or `/proc/self/status`) field written in kB, in bytes.
pub(crate) fn meminfo_bytes(text: &str, field: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    kb.checked_mul(1024)
}

/// A limit this large means none: cgroup v1 writes "no limit" as the largest multiple of
/// the page size below 2^63.
const NO_LIMIT: u64 = 1 << 60;

/// The files of one cgroup hierarchy's memory controller.
struct Controller {
    limit: &'static str,
    usage: &'static str,
    /// The field of `memory.stat` counting file pages not recently used, which the kernel
    /// takes back before it would kill for want of memory.
    inactive_file: &'static str,
}

const V2: Controller = Controller {
    limit: "memory.max",
    usage: "memory.current",
    inactive_file: "inactive_file",
};

const V1: Controller = Controller {
    limit: "memory.limit_in_bytes",
    usage: "memory.usage_in_bytes",
    inactive_file: "total_inactive_file",
};

/// The room left under the cgroup memory limits of the process whose `/proc/self/cgroup`
/// is `proc_cgroup`, with the cgroup file systems mounted at `root` (`/sys/fs/cgroup`):
/// of every cgroup from the process's up to the top of its hierarchy that has a limit,
/// the least limit − (usage − inactive file pages), with the cgroup that sets it.
///
/// The unified hierarchy (v2) is the line `0::PATH`, mounted at `root` itself (or at
/// `root/unified` beside v1 controllers); the v1 memory controller is the line whose
/// controllers include `memory`, mounted at `root/memory`. Inside a container the
/// process's path may not exist under the mount (the mount's root is the container's own
/// cgroup): the cgroups that do not exist are skipped, and the mount's root is read.
pub(crate) fn cgroup_room(proc_cgroup: &str, root: &Path) -> Option<(u64, PathBuf)> {
    let mut rooms = Vec::new();
    for line in proc_cgroup.lines() {
        let mut fields = line.splitn(3, ':');
        let (Some(id), Some(controllers), Some(path)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        if id == "0" && controllers.is_empty() {
            for mount in [root.to_path_buf(), root.join("unified")] {
                if mount.join("cgroup.controllers").is_file() {
                    rooms.extend(hierarchy_room(&mount, path, &V2));
                    break;
                }
            }
        } else if controllers.split(',').any(|c| c == "memory") {
            rooms.extend(hierarchy_room(&root.join("memory"), path, &V1));
        }
    }
    rooms.into_iter().min_by_key(|(bytes, _)| *bytes)
}

/// The least room under the limits of the cgroup at `path` (as `/proc/self/cgroup` writes
/// it) and of those above it, up to the hierarchy's mount point.
fn hierarchy_room(mount: &Path, path: &str, files: &Controller) -> Option<(u64, PathBuf)> {
    let own = mount.join(path.trim_start_matches('/'));
    let mut least: Option<(u64, PathBuf)> = None;
    for dir in own.ancestors().take_while(|dir| dir.starts_with(mount)) {
        let Some(room) = cgroup_dir_room(dir, files) else {
            continue;
        };
        if least.as_ref().map_or(true, |(bytes, _)| room < *bytes) {
            least = Some((room, dir.to_path_buf()));
        }
    }
    least
}

/// The room under the limit of the one cgroup `dir`, if it has a limit.
fn cgroup_dir_room(dir: &Path, files: &Controller) -> Option<u64> {
    let read = |name: &str| fs::read_to_string(dir.join(name)).ok();
    let limit: u64 = read(files.limit)?.trim().parse().ok()?; // "max": no limit
    if limit >= NO_LIMIT {
        return None;
    }
    let usage: u64 = read(files.usage)
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(0);
    let reclaimable = read("memory.stat")
        .and_then(|text| stat_field(&text, files.inactive_file))
        .unwrap_or(0);
    Some(limit.saturating_sub(usage.saturating_sub(reclaimable)))
}

/// A field of a cgroup's `memory.stat` (`name value` lines, in bytes).
fn stat_field(text: &str, name: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let (key, value) = line.split_once(' ')?;
        (key == name).then(|| value.trim().parse().ok())?
    })
}

/// What the address-space limit (`ulimit -v`) leaves beyond what the process maps now.
#[cfg(target_os = "linux")]
fn address_space_room() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `getrlimit` writes the limit into the struct it is given and nothing else.
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) } != 0
        || limit.rlim_cur == libc::RLIM_INFINITY
    {
        return None;
    }
    let mapped = fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|text| meminfo_bytes(&text, "VmSize:"))
        .unwrap_or(0);
    #[allow(clippy::useless_conversion)] // `rlim_t` is 32 bits wide on 32-bit Linux
    let limit = u64::from(limit.rlim_cur);
    Some(limit.saturating_sub(mapped))
}

#[cfg(not(target_os = "linux"))]
fn address_space_room() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1 << 20;

    /// Writes `files` (path relative to `root`, contents) under `root`.
    fn tree(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = root.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
    }

    #[test]
    fn meminfo_is_read_in_bytes() {
        let text =
            "MemTotal:       24684388 kB\nMemFree:        1 kB\nMemAvailable:   20000000 kB\n";
        assert_eq!(
            meminfo_bytes(text, "MemAvailable:"),
            Some(20_000_000 * 1024)
        );
        assert_eq!(meminfo_bytes(text, "Nothing:"), None);
    }

    #[test]
    fn a_v2_limit_leaves_its_room_less_usage_and_the_least_up_the_tree_counts() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        tree(
            r,
            &[
                ("cgroup.controllers", "cpu memory\n"),
                // A 300 MiB unit holding 100 MiB, 20 MiB of it inactive file cache.
                ("system.slice/job.service/memory.max", "314572800\n"),
                ("system.slice/job.service/memory.current", "104857600\n"),
                (
                    "system.slice/job.service/memory.stat",
                    "anon 83886080\nfile 20971520\ninactive_file 20971520\n",
                ),
                ("system.slice/memory.max", "max\n"),
                ("system.slice/memory.current", "999999999999\n"),
            ],
        );
        let proc = "0::/system.slice/job.service\n";
        let (bytes, dir) = cgroup_room(proc, r).unwrap();
        assert_eq!(bytes, 300 * MIB - (100 - 20) * MIB);
        assert_eq!(dir, r.join("system.slice/job.service"));
        // A tighter limit above wins.
        tree(
            r,
            &[
                ("system.slice/memory.max", "209715200\n"),
                ("system.slice/memory.current", "157286400\n"),
            ],
        );
        let (bytes, dir) = cgroup_room(proc, r).unwrap();
        assert_eq!((bytes, dir), (50 * MIB, r.join("system.slice")));
    }

    #[test]
    fn no_limit_is_no_figure() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        tree(
            r,
            &[
                ("cgroup.controllers", ""),
                ("a/memory.max", "max\n"),
                ("a/memory.current", "1000\n"),
            ],
        );
        assert_eq!(cgroup_room("0::/a\n", r), None);
        assert_eq!(cgroup_room("", r), None);
        assert_eq!(cgroup_room("garbage without colons\n", r), None);
    }

    #[test]
    fn inside_a_container_the_mount_root_is_read() {
        // The container's own cgroup is the mount's root; the path the process sees is
        // its place on the host, which does not exist here.
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        tree(
            r,
            &[
                ("cgroup.controllers", "memory\n"),
                ("memory.max", "314572800\n"),
                ("memory.current", "0\n"),
            ],
        );
        let (bytes, dir) = cgroup_room("0::/../../kubepods/pod1\n", r).unwrap();
        assert_eq!((bytes, dir), (300 * MIB, r.to_path_buf()));
    }

    #[test]
    fn a_v1_memory_controller_is_read_beside_the_others() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        tree(
            r,
            &[
                ("memory/memory.limit_in_bytes", "9223372036854771712\n"),
                ("memory/memory.usage_in_bytes", "5000000000\n"),
                ("memory/jobs/x1/memory.limit_in_bytes", "314572800\n"),
                ("memory/jobs/x1/memory.usage_in_bytes", "209715200\n"),
                (
                    "memory/jobs/x1/memory.stat",
                    "cache 0\ninactive_file 1\ntotal_inactive_file 104857600\n",
                ),
                // The unified hierarchy beside v1 controllers, with no limit.
                ("unified/cgroup.controllers", ""),
            ],
        );
        let proc = "9:name=systemd:/\n5:devices:/\n4:memory:/jobs/x1\n1:cpu,cpuacct:/\n0::/\n";
        let (bytes, dir) = cgroup_room(proc, r).unwrap();
        assert_eq!(bytes, 300 * MIB - (200 - 100) * MIB);
        assert_eq!(dir, r.join("memory/jobs/x1"));
    }

    #[test]
    fn usage_above_the_limit_leaves_no_room() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        tree(
            r,
            &[
                ("cgroup.controllers", ""),
                ("memory.max", "1000\n"),
                ("memory.current", "5000\n"),
            ],
        );
        assert_eq!(cgroup_room("0::/\n", r), Some((0, r.to_path_buf())));
    }

    #[test]
    fn the_least_figure_is_taken() {
        // On this machine whatever limits hold, the figure is at most the free memory.
        if let (Some(available), Ok(text)) =
            (available_memory(), fs::read_to_string("/proc/meminfo"))
        {
            let machine = meminfo_bytes(&text, "MemAvailable:").unwrap_or(u64::MAX);
            // The machine's figure moves between the two reads; allow for it.
            assert!(available.bytes <= machine + (256 * MIB), "{available:?}");
        }
    }
}
