//! The route table: every operation of the API, listed once.
//!
//! A handler's `#[utoipa::path]` gives its path, method and documentation; the list below
//! registers it on the app at that path and method (other methods get 405 with `Allow`) and
//! puts it in the OpenAPI document. Adding an operation is its handler and one line here. What
//! an operation needs of its caller is in the handler's signature: an
//! [`Authorised`](crate::access::Authorised) argument.

use utoipa::OpenApi;
use utoipa::openapi::path::PathItem;

/// Declares the table: the OpenAPI paths of every operation, and their registration.
macro_rules! operations {
    ($($($segment:ident)::+),* $(,)?) => {
        /// Every operation's path item, for the OpenAPI document.
        #[derive(OpenApi)]
        #[openapi(paths($($($segment)::+),*))]
        pub(crate) struct Operations;

        /// Registers every operation at the path and method its `#[utoipa::path]` declares.
        pub(crate) fn register(app: &mut actix_web::web::ServiceConfig) {
            $({
                #[derive(OpenApi)]
                #[openapi(paths($($segment)::+))]
                struct One;
                let (path, method) = path_and_method(&One::openapi());
                app.service(crate::resource(
                    &path,
                    method,
                    actix_web::web::route()
                        .method(method.parse().expect("an HTTP method"))
                        .to($($segment)::+),
                ));
            })*
        }
    };
}

operations![
    // The busiest operation first: actix tries routes in order.
    crate::routes::translate,
    crate::routes::validate,
    crate::routes::list_formats,
    crate::routes::get_format,
    crate::routes::list_codelists,
    crate::routes::get_codelist,
    crate::routes::list_schemas,
    crate::routes::get_schema,
    crate::federated::search_jobseekers,
    crate::federated::search_vacancies,
    crate::matching::match_jobseekers,
    crate::matching::match_vacancies,
    crate::federated::get_jobseeker,
    crate::federated::get_vacancy,
    crate::federated::purposes,
    crate::audit::search_log,
];

/// The one path of a one-operation document and that operation's method.
fn path_and_method(document: &utoipa::openapi::OpenApi) -> (String, &'static str) {
    let (path, item) = document
        .paths
        .paths
        .iter()
        .next()
        .expect("a handler of the table has a #[utoipa::path]");
    (actix_pattern(path), method_of(item))
}

/// An OpenAPI path as an actix pattern: actix names segments with identifiers, so
/// `{document-type}` becomes `{document_type}` (handlers take segments by position).
fn actix_pattern(path: &str) -> String {
    let mut pattern = String::with_capacity(path.len());
    let mut in_segment = false;
    for c in path.chars() {
        match c {
            '{' => in_segment = true,
            '}' => in_segment = false,
            '-' if in_segment => {
                pattern.push('_');
                continue;
            }
            _ => {}
        }
        pattern.push(c);
    }
    pattern
}

/// The method of a path item with one operation.
fn method_of(item: &PathItem) -> &'static str {
    let methods = [
        ("GET", item.get.is_some()),
        ("POST", item.post.is_some()),
        ("PUT", item.put.is_some()),
        ("PATCH", item.patch.is_some()),
        ("DELETE", item.delete.is_some()),
    ];
    let mut declared = methods.iter().filter(|(_, is)| *is).map(|(m, _)| *m);
    let method = declared.next().expect("an operation has a method");
    assert!(declared.next().is_none(), "one handler serves one method");
    method
}

#[cfg(test)]
mod tests {
    use actix_web::{App, http::StatusCode, test as http};

    use super::*;

    /// Every operation of the table is served at its documented path with its documented method
    /// only (another method gets 405 and `Allow` names the documented one), and the served
    /// document lists exactly the table's operations.
    #[actix_web::test]
    async fn the_app_serves_what_the_document_lists_and_the_document_lists_what_is_served() {
        let config = crate::GatewayConfig::default();
        let app = http::init_service(App::new().configure(crate::configure(&config))).await;
        let table = Operations::openapi();
        assert!(!table.paths.paths.is_empty());
        for (path, item) in &table.paths.paths {
            let method = method_of(item);
            let concrete = path
                .replace("{id}", "x")
                .replace("{name}", "x")
                .replace("{document-type}", "jobseeker-profile");
            let other = if method == "DELETE" { "PUT" } else { "DELETE" };
            let response = http::call_service(
                &app,
                http::TestRequest::default()
                    .method(other.parse().unwrap())
                    .uri(&concrete)
                    .to_request(),
            )
            .await;
            assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED, "{path}");
            assert_eq!(
                response.headers().get("allow").unwrap().to_str().unwrap(),
                method,
                "{path}"
            );
        }
        let document = crate::openapi::document();
        let documented: Vec<String> = document["paths"]
            .as_object()
            .unwrap()
            .keys()
            .map(|p| format!("/v1{p}"))
            .collect();
        let mut served: Vec<String> = table.paths.paths.keys().cloned().collect();
        served.sort();
        let mut documented_sorted = documented;
        documented_sorted.sort();
        assert_eq!(documented_sorted, served);
    }

    #[test]
    fn documented_segment_names_become_actix_names() {
        assert_eq!(
            actix_pattern("/v1/validations/{document-type}"),
            "/v1/validations/{document_type}"
        );
        assert_eq!(
            actix_pattern("/v1/processing-log-searches"),
            "/v1/processing-log-searches"
        );
    }
}
