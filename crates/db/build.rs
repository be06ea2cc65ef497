// `sqlx::migrate!` embeds the migrations at compile time; without this, adding a file to
// migrations/ would not rebuild the crate and tests would run the old schema.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
