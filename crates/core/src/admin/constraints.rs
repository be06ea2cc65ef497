//! The users table's constraints, in the words the admin screen shows.

use crate::error::ConstraintText;

pub(crate) const CONSTRAINTS: &[ConstraintText] = &[
    ConstraintText {
        constraint: "users_username_lower_key",
        field: "username",
        message: "that user name is already taken",
        conflict: true,
    },
    ConstraintText {
        constraint: "users_username_key",
        field: "username",
        message: "that user name is already taken",
        conflict: true,
    },
    ConstraintText {
        constraint: "users_email_lower_key",
        field: "email",
        message: "that e-mail address is already in use",
        conflict: true,
    },
    ConstraintText {
        constraint: "users_email_key",
        field: "email",
        message: "that e-mail address is already in use",
        conflict: true,
    },
    ConstraintText {
        constraint: "users_username_format_check",
        field: "username",
        message: "3 to 64 letters, digits, dots, dashes or underscores",
        conflict: false,
    },
    ConstraintText {
        constraint: "users_email_format_check",
        field: "email",
        message: "not an e-mail address",
        conflict: false,
    },
    ConstraintText {
        constraint: "users_role_check",
        field: "role",
        message: "unknown role",
        conflict: false,
    },
    ConstraintText {
        constraint: "users_language_format_check",
        field: "language",
        message: "not a language tag such as en-GB",
        conflict: false,
    },
];
