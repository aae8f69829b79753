/* ocoplabel — umbrella header: include this one to use the library. */
#ifndef OCOPLABEL_H
#define OCOPLABEL_H

#include "ocoplabel/common.h"
#include "ocoplabel/version.h"
#include "ocoplabel/error.h"
#include "ocoplabel/fields.h"
#include "ocoplabel/record.h"
#include "ocoplabel/template.h"
#include "ocoplabel/render.h"
#include "ocoplabel/reader.h"
#include "ocoplabel/link.h"
#include "ocoplabel/sheet.h"
#include "ocoplabel/printer.h"
#include "ocoplabel/document.h"
#include "ocoplabel/batch.h"
#include "ocoplabel/send.h"
#include "ocoplabel/resolver.h"
#include "ocoplabel/registry.h"
#include "ocoplabel/epcis.h"
#include "ocoplabel/limits.h"
#include "ocoplabel/language.h"
#include "ocoplabel/autolayout.h"

#endif
