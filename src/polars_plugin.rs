//! The C entry points Polars calls for each `.wc` expression, written here rather than by
//! `#[polars_expr]`: they take the inputs over, call the expression function, and hand back its
//! Series or its error.
//!
//! pyo3-polars' entry points import a Categorical or Enum input by building a new Categorical
//! from it, looking up every row's string in a hash table: more work per row than counting the
//! row. These keep such an input as the Arrow dictionary array the host exported, which the
//! intake reads as codes over categories, so that each category is counted once. They also
//! report an input that cannot be imported as an error rather than a panic.

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};

use polars::prelude::*;
use polars_arrow::array::Array;
use polars_arrow::ffi::{self as arrow_ffi, ArrowArray, ArrowSchema};
use pyo3_polars::derive::{_set_panic, _update_last_error, CallerContext};
use pyo3_polars::export::polars_ffi::version_0::{self as ffi, SeriesExport};

use crate::error::{WcError, WcResult};
use crate::intake::{self, TextColumn, Utf8Promise};

/// One input of a plugin call.
pub enum PluginInput {
    Series(Series),
    /// A Categorical or Enum column, or a one-field struct of one, as the Arrow dictionary
    /// arrays the host exported (one per chunk).
    Dictionary {
        name: PlSmallStr,
        arrays: Vec<Box<dyn Array>>,
    },
}

impl PluginInput {
    pub fn name(&self) -> &PlSmallStr {
        match self {
            Self::Series(series) => series.name(),
            Self::Dictionary { name, .. } => name,
        }
    }

    /// The input as a text column for the engine.
    pub fn text(&self, what: &'static str) -> WcResult<TextColumn> {
        match self {
            Self::Series(series) => intake::from_series(what, series),
            // Polars validates strings when it builds them, and these are its own categories.
            Self::Dictionary { arrays, .. } => intake::from_arrow(what, arrays, Utf8Promise::Kept),
        }
    }

    /// The input as a Series, for the functions that take other dtypes (lists) than text.
    pub fn series(&self, what: &'static str) -> WcResult<&Series> {
        match self {
            Self::Series(series) => Ok(series),
            Self::Dictionary { .. } => Err(WcError::Internal(format!(
                "{what} arrived as a dictionary array where a Series was expected"
            ))),
        }
    }
}

/// The layout of `polars_ffi::version_0::SeriesExport`, whose fields are private: the schema of
/// the column, its chunks, and the release callback. Version 0 of the plugin interface is
/// frozen (it is the C ABI every Polars host since 0.20 speaks), and the assertion below and
/// `tests::reads_an_export` fail if the two ever part.
#[repr(C)]
struct ExportLayout {
    field: *mut ArrowSchema,
    arrays: *mut *mut ArrowArray,
    len: usize,
    release: Option<unsafe extern "C" fn(*mut SeriesExport)>,
    private_data: *mut c_void,
}

const _: () = assert!(
    size_of::<ExportLayout>() == size_of::<SeriesExport>()
        && align_of::<ExportLayout>() == align_of::<SeriesExport>()
);

/// Whether an input's Arrow type is a dictionary, or a one-field struct of one.
fn holds_dictionary(dtype: &ArrowDataType) -> bool {
    match dtype {
        ArrowDataType::Dictionary(..) => true,
        ArrowDataType::Struct(fields) => {
            matches!(fields.as_slice(), [field] if holds_dictionary(field.dtype()))
        }
        _ => false,
    }
}

/// Takes over one exported input.
///
/// # Safety
/// `export` is a live `SeriesExport` made by the host (its schema and arrays valid C data
/// interface structs), which this function owns from now on.
unsafe fn import_input(export: SeriesExport) -> PolarsResult<PluginInput> {
    // SAFETY: `ExportLayout` has `SeriesExport`'s layout (asserted above and tested), and the
    // export is valid for as long as `export` lives, which is to the end of this function.
    let layout = unsafe { &*(&export as *const SeriesExport).cast::<ExportLayout>() };
    if layout.field.is_null() || (layout.arrays.is_null() && layout.len > 0) {
        polars_bail!(ComputeError: "the host passed an empty input");
    }
    // SAFETY: the schema is a valid C schema (the function's contract), checked non-null.
    let field = unsafe { arrow_ffi::import_field_from_c(&*layout.field) }?;
    if !holds_dictionary(field.dtype()) {
        // SAFETY: as above; `import_series` takes the export over.
        return unsafe { ffi::import_series(export) }.map(PluginInput::Series);
    }
    // Move every array out before importing any, so that each is released even if one fails.
    // The export's own release then frees only its boxes, never the arrays.
    let chunks: Vec<ArrowArray> = (0..layout.len)
        // SAFETY: `arrays` points to `len` boxed arrays, each read out exactly once here.
        .map(|i| unsafe { std::ptr::read(*layout.arrays.add(i)) })
        .collect();
    let arrays = chunks
        .into_iter()
        // SAFETY: each array was exported with this field's type by the host.
        .map(|array| unsafe { arrow_ffi::import_array_from_c(array, field.dtype().clone()) })
        .collect::<PolarsResult<Vec<_>>>()?;
    Ok(PluginInput::Dictionary {
        name: field.name,
        arrays,
    })
}

/// Takes over all `len` exported inputs at `exports`, releasing every one of them whether or
/// not an earlier one imports.
///
/// # Safety
/// `exports` points to `len` live `SeriesExport`s that the host hands over to the plugin.
unsafe fn import_inputs(exports: *mut SeriesExport, len: usize) -> PolarsResult<Vec<PluginInput>> {
    if exports.is_null() && len > 0 {
        polars_bail!(ComputeError: "the host passed no inputs");
    }
    let owned: Vec<SeriesExport> = (0..len)
        // SAFETY: the host gives up these `len` exports (it forgets its copies), read once each.
        .map(|i| unsafe { std::ptr::read(exports.add(i)) })
        .collect();
    owned
        .into_iter()
        // SAFETY: each export is live and now ours.
        .map(|export| unsafe { import_input(export) })
        .collect()
}

/// The host's pickled keyword arguments (no bytes when the function takes none).
///
/// # Safety
/// `pointer` is null, or points to `len` readable bytes that outlive the call.
unsafe fn kwargs_bytes<'a>((pointer, len): (*const u8, usize)) -> &'a [u8] {
    if pointer.is_null() || len == 0 {
        return &[];
    }
    // SAFETY: the function's contract.
    unsafe { std::slice::from_raw_parts(pointer, len) }
}

/// Records `error` as the message Polars reads after a failed call. The message goes through a
/// C string, so a NUL in it (a needle can hold one) is written out.
fn report(error: PolarsError) {
    _update_last_error(error.wrap_msg(|message| message.replace('\0', "\\0")));
}

/// Runs an expression function for the host: imports the inputs, parses the keyword
/// arguments, and writes the result to `return_value` or records the error. A panic is caught
/// and reported as one; it never unwinds into the host.
///
/// # Safety
/// The pointers are the host's arguments to `_polars_plugin_<name>` (version 0 of the plugin
/// interface): `exports` holds `len` inputs handed over to the plugin, `kwargs` is a null
/// pointer or one to that many readable bytes, `return_value` and `context` point to live
/// values.
pub unsafe fn run_expression<K>(
    (exports, len): (*mut SeriesExport, usize),
    kwargs: (*const u8, usize),
    (return_value, context): (*mut SeriesExport, *mut CallerContext),
    parse: impl FnOnce(&[u8]) -> PolarsResult<K>,
    compute: impl FnOnce(&[PluginInput], CallerContext, K) -> PolarsResult<Series>,
) {
    let call = move || -> PolarsResult<Series> {
        // SAFETY: the function's contract.
        let inputs = unsafe { import_inputs(exports, len) }?;
        // SAFETY: the function's contract: `context` points to the host's context, or is null.
        let context = unsafe { context.as_ref() }.copied().unwrap_or_default();
        // SAFETY: the function's contract.
        let kwargs = unsafe { kwargs_bytes(kwargs) };
        compute(&inputs, context, parse(kwargs)?)
    };
    // Exporting the result can panic too (polars-arrow refuses some field names), so it runs
    // inside the same guard.
    let guarded = move || match call() {
        // SAFETY: `return_value` points to the host's empty export (the contract).
        Ok(series) => unsafe { *return_value = ffi::export_series(&series) },
        Err(error) => report(error),
    };
    if catch_unwind(AssertUnwindSafe(guarded)).is_err() {
        _set_panic();
    }
}

/// Runs an output-type function for the host: imports the input fields, and writes the output
/// field to `return_value` or records the error.
///
/// # Safety
/// The pointers are the host's arguments to `_polars_plugin_field_<name>`: `fields` holds `len`
/// valid C schemas (still owned by the host), `kwargs` is a null pointer or one to that many
/// readable bytes, and `return_value` points to the host's empty schema.
pub unsafe fn run_output_type<K>(
    (fields, len): (*const ArrowSchema, usize),
    kwargs: (*const u8, usize),
    return_value: *mut ArrowSchema,
    parse: impl FnOnce(&[u8]) -> PolarsResult<K>,
    output: impl FnOnce(&[Field], K) -> PolarsResult<Field>,
) {
    let call = move || -> PolarsResult<Field> {
        if fields.is_null() && len > 0 {
            polars_bail!(ComputeError: "the host passed no input fields");
        }
        let mut inputs = Vec::with_capacity(len);
        for i in 0..len {
            // SAFETY: `fields` holds `len` valid schemas (the contract).
            let field = unsafe { arrow_ffi::import_field_from_c(&*fields.add(i)) }?;
            inputs.push(Field::from(&field));
        }
        // SAFETY: the function's contract.
        let kwargs = unsafe { kwargs_bytes(kwargs) };
        output(&inputs, parse(kwargs)?)
    };
    let guarded = move || match call() {
        Ok(field) => {
            let field = arrow_ffi::export_field_to_c(&field.to_arrow(CompatLevel::newest()));
            // SAFETY: `return_value` points to the host's empty schema (the contract).
            unsafe { *return_value = field };
        }
        Err(error) => report(error),
    };
    if catch_unwind(AssertUnwindSafe(guarded)).is_err() {
        _set_panic();
    }
}

/// The keyword arguments of a function that takes none (the host sends no bytes).
pub fn no_kwargs(_: &[u8]) -> PolarsResult<()> {
    Ok(())
}

/// Exports `_polars_plugin_<name>` and `_polars_plugin_field_<name>` for an expression
/// function and its output-type function. With `kwargs: T` both receive the parsed keyword
/// arguments (the output-type function only with `output_kwargs`); without, neither does.
macro_rules! plugin_function {
    ($name:ident, output: $output:path, compute: $compute:path) => {
        $crate::polars_plugin::plugin_function!(@entry $name, (),
            $crate::polars_plugin::no_kwargs,
            |fields, ()| $output(fields),
            |inputs, context, ()| $compute(inputs, context));
    };
    ($name:ident, output: $output:path, compute: $compute:path, kwargs: $kwargs:ty) => {
        $crate::polars_plugin::plugin_function!(@entry $name, $kwargs,
            |bytes: &[u8]| ::pyo3_polars::derive::_parse_kwargs::<$kwargs>(bytes),
            |fields, _kwargs: $kwargs| $output(fields),
            |inputs, context, kwargs| $compute(inputs, context, kwargs));
    };
    ($name:ident, output_kwargs: $output:path, compute: $compute:path, kwargs: $kwargs:ty) => {
        $crate::polars_plugin::plugin_function!(@entry $name, $kwargs,
            |bytes: &[u8]| ::pyo3_polars::derive::_parse_kwargs::<$kwargs>(bytes),
            |fields, kwargs| $output(fields, kwargs),
            |inputs, context, kwargs| $compute(inputs, context, kwargs));
    };
    (@entry $name:ident, $kwargs:ty, $parse:expr, $output:expr, $compute:expr) => {
        const _: () = {
            use ::pyo3_polars::export::polars_arrow::ffi::ArrowSchema;
            use ::pyo3_polars::export::polars_ffi::version_0::{CallerContext, SeriesExport};

            /// # Safety
            /// Called by the Polars host with the arguments of version 0 of the plugin interface.
            #[export_name = concat!("_polars_plugin_field_", stringify!($name))]
            unsafe extern "C" fn output_type(
                fields: *const ArrowSchema,
                len: usize,
                return_value: *mut ArrowSchema,
                kwargs: *const u8,
                kwargs_len: usize,
            ) {
                // SAFETY: the host's arguments, as `run_output_type` requires.
                unsafe {
                    $crate::polars_plugin::run_output_type::<$kwargs>(
                        (fields, len),
                        (kwargs, kwargs_len),
                        return_value,
                        $parse,
                        $output,
                    )
                }
            }

            /// # Safety
            /// Called by the Polars host with the arguments of version 0 of the plugin interface.
            #[export_name = concat!("_polars_plugin_", stringify!($name))]
            unsafe extern "C" fn expression(
                exports: *mut SeriesExport,
                len: usize,
                kwargs: *const u8,
                kwargs_len: usize,
                return_value: *mut SeriesExport,
                context: *mut CallerContext,
            ) {
                // SAFETY: the host's arguments, as `run_expression` requires.
                unsafe {
                    $crate::polars_plugin::run_expression::<$kwargs>(
                        (exports, len),
                        (kwargs, kwargs_len),
                        (return_value, context),
                        $parse,
                        $compute,
                    )
                }
            }
        };
    };
}
pub(crate) use plugin_function;

#[cfg(test)]
mod tests {
    use super::*;

    /// The mirror reads what `export_series` wrote: the column's name and its chunk count.
    #[test]
    fn reads_an_export() {
        let mut series = Series::new("t".into(), ["a b", "c"]);
        series.append(&Series::new("t".into(), ["d"])).unwrap();
        let export = ffi::export_series(&series);
        let layout = unsafe { &*(&export as *const SeriesExport).cast::<ExportLayout>() };
        assert_eq!(layout.len, 2);
        assert!(layout.release.is_some());
        let field = unsafe { arrow_ffi::import_field_from_c(&*layout.field) }.unwrap();
        assert_eq!(field.name.as_str(), "t");
        let back = match unsafe { import_input(export) }.unwrap() {
            PluginInput::Series(back) => back,
            PluginInput::Dictionary { .. } => panic!("a String column is no dictionary"),
        };
        assert!(back.equals(&series));
    }

    /// A Categorical column comes through as its dictionary arrays and reads as the same text.
    #[test]
    fn keeps_a_categorical_as_its_dictionary() {
        let strings = Series::new("t".into(), [Some("a b"), None, Some("c"), Some("a b")]);
        let dtype = DataType::from_categories(Categories::global());
        let categorical = strings.cast(&dtype).unwrap();
        let export = ffi::export_series(&categorical);
        let input = unsafe { import_input(export) }.unwrap();
        assert_eq!(input.name().as_str(), "t");
        assert!(matches!(input, PluginInput::Dictionary { .. }));
        let from_dictionary = input.text("the text").unwrap();
        let from_strings = intake::from_series("the text", &strings).unwrap();
        let words = |column: &TextColumn| {
            crate::engine::family(column, crate::engine::Family::Words, true).unwrap()
        };
        assert_eq!(words(&from_dictionary), words(&from_strings));
    }
}
