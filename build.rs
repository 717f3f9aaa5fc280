// Rebuild when the embedded default theme or reference data change: `include_dir!` and
// `include_str!` of folders are not tracked by cargo on their own.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=data");
}
