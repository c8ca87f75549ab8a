//! Typed records of the Graph v1.0 resources the collector reads, one module per resource.
//!
//! Each record keeps only the properties a fact needs, every one optional (Graph sends `null`
//! freely and `$select` leaves properties out); unknown properties are ignored. Times stay text
//! here and are read when a fact needs them, so that one unreadable time is reported without
//! losing its record. Read a file of them with [`crate::envelope::parse_list`].

mod application;
mod compliance_policy;
mod conditional_access;
mod device;
mod directory_object;
mod license;
mod managed_device;
mod partner;
mod service_principal;
mod target;

pub use application::{Application, PasswordCredential};
pub use compliance_policy::{DeviceCompliancePolicy, PolicyAssignment};
pub use conditional_access::{
    ApplicationConditions, ConditionalAccessPolicy, GrantControls, PlatformConditions,
    PolicyConditions, UserConditions,
};
pub use device::Device;
pub use directory_object::{DirectoryObject, MemberKind};
pub use license::{LicenseDetails, ServicePlan};
pub use managed_device::ManagedDevice;
pub use partner::{ComplianceManagementPartner, DeviceManagementPartner, PartnerAssignment};
pub use service_principal::{AppRoleAssignment, OAuth2PermissionGrant, ServicePrincipal};
pub use target::{AssignmentTarget, Target};
